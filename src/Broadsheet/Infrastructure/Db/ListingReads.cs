using Broadsheet.Infrastructure.Db.Postgres;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// Where listings and search read: a PostgreSQL read replica when ConnectionStrings__PostgresReadOnly is set
/// (docs/scaling.md), the primary otherwise. Only pages that list articles read here; an article's own page, the
/// API and every write use the primary, so an editor never reads back a stale copy of what they just saved. A
/// listing rendered right after a purge may show the replica's lag until the page's next purge or expiry.
/// </summary>
public sealed class ListingReads(BroadsheetDb primary, ListingReads.Replica replica) : IDisposable
{
    public const string ConnectionName = "PostgresReadOnly";

    private PostgresDb? _replica;

    public BroadsheetDb Db => replica.Options is { } options ? _replica ??= new PostgresDb(options) : primary;

    public void Dispose() => _replica?.Dispose();

    /// <summary>The replica's context options, built once.</summary>
    public sealed class Replica(DbContextOptions<PostgresDb>? options)
    {
        public DbContextOptions<PostgresDb>? Options { get; } = options;

        public static Replica From(IServiceProvider provider)
        {
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName);
            return !DatabaseSetup.IsPostgres(provider) || string.IsNullOrWhiteSpace(connectionString)
                ? new Replica(null)
                : new Replica(new DbContextOptionsBuilder<PostgresDb>()
                    .UseNpgsql(connectionString, pg => pg.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                    .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                    .Options);
        }
    }
}
