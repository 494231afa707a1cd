using Broadsheet.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// Keeps SQLite's table statistics current for its query planner (PRAGMA optimize, sampled with analysis_limit),
/// once the site is up and then every six hours: on a large database the first run takes seconds, which the first
/// page after a start should not wait for. PostgreSQL's autovacuum does this job there.
/// </summary>
public sealed class DatabaseStatistics(IServiceProvider services, IServiceScopeFactory scopes) : PeriodicJob(services)
{
    protected override string Name => "database-statistics";

    protected override TimeSpan Interval => TimeSpan.FromHours(6);

    protected override TimeSpan RetryAfter => TimeSpan.FromHours(1);

    // Statistics are the database file's own: no lease to take, and on PostgreSQL there is nothing to do.
    protected override bool OnEveryNode => true;

    protected override async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=400; PRAGMA optimize=0x10002;", ct);
        }
    }
}
