using Broadsheet.Infrastructure.Db.Postgres;
using Broadsheet.Infrastructure.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadsheet.Infrastructure.Db;

/// <summary>The database engine behind BroadsheetDb: embedded SQLite by default, PostgreSQL for several nodes.</summary>
public static class DatabaseSetup
{
    public const string PostgresConnectionName = "Postgres";
    private static readonly SqliteDurability Durability = new();

    public static IServiceCollection AddBroadsheetDb(this IServiceCollection services)
    {
        services.AddOptions<BroadsheetOptions>().Validate<IConfiguration>(
            (o, config) => o.Database.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(config.GetConnectionString(PostgresConnectionName)),
            "Broadsheet__Database__Provider is Postgres, so ConnectionStrings__Postgres must name the database (docs/scaling.md).");
        services.AddSingleton<SqlDialect>(provider => IsPostgres(provider) ? new SqlDialect.Postgres() : new SqlDialect.Sqlite());
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<Leases>();
        services.AddHostedService<DatabaseStatistics>();
        services.AddDbContext<BroadsheetDb>((provider, db) =>
            // A page's few small collections (authors, tags) come back in one round trip.
            db.UseSqlite(SqliteConnectionString(Settings(provider)), sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .AddInterceptors(Durability));
        services.AddDbContext<PostgresDb>((provider, db) =>
            db.UseNpgsql(PostgresConnectionString(provider), pg => pg.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
        services.AddSingleton(ListingReads.Replica.From);
        services.AddScoped<ListingReads>();
        // Features ask for BroadsheetDb; on PostgreSQL they get its PostgreSQL twin.
        services.Replace(ServiceDescriptor.Scoped<BroadsheetDb>(provider => IsPostgres(provider)
            ? provider.GetRequiredService<PostgresDb>()
            : new BroadsheetDb(provider.GetRequiredService<DbContextOptions<BroadsheetDb>>())));
        return services;
    }

    public static bool IsPostgres(IServiceProvider provider) => Settings(provider).Database.Provider == DatabaseProvider.Postgres;

    private static BroadsheetOptions Settings(IServiceProvider provider) => provider.GetRequiredService<IOptions<BroadsheetOptions>>().Value;

    public static string PostgresConnectionString(IServiceProvider provider) =>
        provider.GetRequiredService<IConfiguration>().GetConnectionString(PostgresConnectionName) ?? "";

    public static string SqliteConnectionString(BroadsheetOptions options) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(options.DataDirectoryFullPath, "broadsheet.db"),
        ForeignKeys = true,
        Pooling = true,
    }.ToString();

    /// <summary>
    /// Creates the data directory, applies pending migrations and switches SQLite to WAL (persistent in the file). The
    /// caller holds the start-up lease (<see cref="StartUpLeaseAsync"/>, which also creates a missing PostgreSQL
    /// database), so two nodes starting together migrate one after the other.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<BroadsheetOptions>>().Value;
        Directory.CreateDirectory(options.DataDirectoryFullPath);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        // Asking which migrations are applied is much cheaper than MigrateAsync, which prepares every migration
        // even when none is pending; start-up time matters when a node restarts under load.
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await db.Database.MigrateAsync(ct);
        }
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>Migrations, bootstrap accounts and demo content run under this lease: one node at a time.</summary>
    public static async Task<IAsyncDisposable> StartUpLeaseAsync(IServiceProvider services, CancellationToken ct)
    {
        if (IsPostgres(services))
        {
            await CreatePostgresDatabaseIfMissingAsync(PostgresConnectionString(services), ct);
        }
        return await services.GetRequiredService<Leases>().AcquireAsync("start-up", TimeSpan.FromMinutes(10), ct);
    }

    private static async Task CreatePostgresDatabaseIfMissingAsync(string connectionString, CancellationToken ct)
    {
        var wanted = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(ct);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var create = connection.CreateCommand();
        create.CommandText = $"CREATE DATABASE \"{wanted.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it a moment ago.
        }
    }
}
