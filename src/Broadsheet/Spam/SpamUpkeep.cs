using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

/// <summary>Purges spam past its retention (15 days by default), hourly, on one node.</summary>
public sealed class SpamUpkeep(
    IServiceProvider services, IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<SpamOptions> options, ILogger<SpamUpkeep> logger)
    : PeriodicJob(services)
{
    protected override string Name => "spam-purge";

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        return await db.Comments
            .Where(c => c.Status == CommentStatus.Spam && c.CreatedAt < before && !db.Comments.Any(r => r.ParentId == c.Id))
            .ExecuteDeleteAsync(ct);
    }

    protected override async Task RunAsync(CancellationToken ct)
    {
        var purged = await PurgeAsync(ct);
        if (purged > 0)
        {
            logger.LogInformation("Purged {Count} spam comments past the retention period.", purged);
        }
    }
}

/// <summary>
/// Every node keeps its own copy of the spam model: this picks up lessons learned on other nodes, every
/// SyncIntervalSeconds, and at once when a node announces a lesson (<see cref="Infrastructure.Redis.SiteEvents"/>).
/// </summary>
public sealed class SpamSync(IServiceProvider services, SpamFilter filter, IOptionsMonitor<SpamOptions> options) : PeriodicJob(services)
{
    protected override string Name => "spam-sync";

    protected override bool OnEveryNode => true;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.CurrentValue.SyncIntervalSeconds);

    protected override Task RunAsync(CancellationToken ct) => filter.SyncAsync(ct);
}
