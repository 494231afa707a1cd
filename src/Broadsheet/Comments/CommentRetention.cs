using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

/// <summary>Erases the IP hash and user agent of comments older than the retention period (30 days by default), hourly.</summary>
public sealed class CommentRetention(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<CommentsOptions> options, ILogger<CommentRetention> logger)
    : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.PersonalDataRetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        return await db.Comments
            .Where(c => c.CreatedAt < before && (c.IpHash != null || c.UserAgent != null))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.IpHash, (string?)null).SetProperty(c => c.UserAgent, (string?)null), ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the site serves its first page while this gets going.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var erased = await RunOnceAsync(stoppingToken);
                if (erased > 0)
                {
                    logger.LogInformation("Erased the IP hash and user agent of {Count} comments past the retention period.", erased);
                }
                await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
