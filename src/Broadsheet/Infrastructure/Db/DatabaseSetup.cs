using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure.Db;

public static class DatabaseSetup
{
    private static readonly SqliteDurability Durability = new();

    public static IServiceCollection AddBroadsheetDb(this IServiceCollection services)
    {
        services.AddSingleton<SqliteWriteGate>();
        services.AddHostedService<DatabaseStatistics>();
        services.AddDbContext<BroadsheetDb>((provider, db) =>
        {
            var options = provider.GetRequiredService<IOptions<BroadsheetOptions>>().Value;
            // A page's few small collections (authors, tags) come back in one round trip.
            db.UseSqlite(SqliteConnectionString(options), sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .AddInterceptors(Durability);
        });
        return services;
    }

    public static string SqliteConnectionString(BroadsheetOptions options) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(options.DataDirectoryFullPath, "broadsheet.db"),
        ForeignKeys = true,
        Pooling = true,
    }.ToString();

    /// <summary>Creates the data directory, applies migrations and switches SQLite to WAL (persistent in the file).</summary>
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
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);

    }
}
