using Broadsheet.Caching;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// A scheduled article is public from its time on by the clock alone; this job, on one node, purges the pages it
/// now appears on (home, its sections, tags, authors, feeds) within a few seconds of that time, instead of leaving
/// them to expire.
/// </summary>
public sealed class ScheduledPublishing(IServiceProvider services, IServiceScopeFactory scopes, PageCache pages, TimeProvider clock)
    : PeriodicJob(services)
{
    private DateTime? _checkedUntil;

    protected override string Name => "scheduled-publishing";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A node that has just taken the job over looks back a minute: the pages' own expiry covers anything older.
        var since = _checkedUntil ?? now.AddMinutes(-1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var due = await db.Articles.AsNoTracking()
            .Where(a => a.Listed == 1 && a.PublishedAt > since && a.PublishedAt <= now)
            .Include(a => a.Tags).Include(a => a.Authors)
            .ToListAsync(ct);
        foreach (var article in due)
        {
            await pages.ArticleChangedAsync(null, ArticleFootprint.Of(article), ct);
        }
        _checkedUntil = now;
    }
}
