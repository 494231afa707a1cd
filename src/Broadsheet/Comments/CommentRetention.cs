using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

/// <summary>Erases the IP hash and user agent of comments older than the retention period (30 days by default), hourly, on one node.</summary>
public sealed class CommentRetention(
    IServiceProvider services, IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<CommentsOptions> options, ILogger<CommentRetention> logger)
    : PeriodicJob(services)
{
    protected override string Name => "comment-retention";

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.PersonalDataRetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        return await db.Comments
            .Where(c => c.CreatedAt < before && (c.IpHash != null || c.UserAgent != null))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.IpHash, (string?)null).SetProperty(c => c.UserAgent, (string?)null), ct);
    }

    protected override async Task RunAsync(CancellationToken ct)
    {
        var erased = await RunOnceAsync(ct);
        if (erased > 0)
        {
            logger.LogInformation("Erased the IP hash and user agent of {Count} comments past the retention period.", erased);
        }
    }
}
