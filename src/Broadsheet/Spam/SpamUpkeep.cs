using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

/// <summary>
/// Hourly, on one node: purges spam past its retention (15 days by default) and reduces older lessons to their
/// digest, so that a commenter's name and words are not kept with the filter's lessons beyond that either.
/// </summary>
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

    public async Task<int> DigestLessonsAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var digested = 0;
        while (true)
        {
            // Past the retention, or the comment itself is gone (purged as spam, or deleted): only the digest stays.
            var lessons = await db.SpamLessons
                .Where(l => l.Features == null && (l.CreatedAt < before || (l.CommentId != null && !db.Comments.Any(c => c.Id == l.CommentId))))
                .OrderBy(l => l.Id).Take(500).ToListAsync(ct);
            if (lessons.Count == 0)
            {
                return digested;
            }
            foreach (var lesson in lessons)
            {
                (lesson.Features, lesson.Text, lesson.Name, lesson.CommentId) = (SpamLesson.Digest(lesson.Text), "", "", null);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            digested += lessons.Count;
        }
    }

    protected override async Task RunAsync(CancellationToken ct)
    {
        var purged = await PurgeAsync(ct);
        if (purged > 0)
        {
            logger.LogInformation("Purged {Count} spam comments past the retention period.", purged);
        }
        var digested = await DigestLessonsAsync(ct);
        if (digested > 0)
        {
            logger.LogInformation("Reduced {Count} spam-filter lessons past the retention period to their digest.", digested);
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
