using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

/// <summary>Purges spam past its retention (15 days by default) and picks up lessons learned on other nodes.</summary>
public sealed class SpamUpkeep(
    IServiceScopeFactory scopes, SpamFilter filter, TimeProvider clock, IOptionsMonitor<SpamOptions> options, ILogger<SpamUpkeep> logger)
    : BackgroundService
{
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        return await db.Comments
            .Where(c => c.Status == CommentStatus.Spam && c.CreatedAt < before && !db.Comments.Any(r => r.ParentId == c.Id))
            .ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the site serves its first page while this gets going.
        await Task.Yield();
        var lastPurge = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await filter.SyncAsync(stoppingToken);
                if (clock.GetUtcNow().UtcDateTime - lastPurge > TimeSpan.FromHours(1))
                {
                    var purged = await PurgeAsync(stoppingToken);
                    lastPurge = clock.GetUtcNow().UtcDateTime;
                    if (purged > 0)
                    {
                        logger.LogInformation("Purged {Count} spam comments past the retention period.", purged);
                    }
                }
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.SyncIntervalSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
