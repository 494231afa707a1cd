using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Jobs;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Newsletters;

/// <summary>
/// Every minute, on one node: starts each automatic digest whose time of day has come in the site's time zone and
/// whose edition of today has not started (a day with nothing published sends nothing), and deletes sign-ups
/// never confirmed.
/// </summary>
public sealed class DigestSchedule(IServiceProvider services, IServiceScopeFactory scopes) : PeriodicJob(services)
{
    protected override string Name => "newsletter-schedule";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await RunOnceAsync(scope.ServiceProvider, ct);
    }

    public static async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<BroadsheetDb>();
        var siteClock = services.GetRequiredService<SiteClock>();
        var editions = services.GetRequiredService<NewsletterEditions>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var local = siteClock.Local(now);
        var minutes = local.Hour * 60 + local.Minute;
        var today = editions.DigestEdition(now);
        var due = await db.NewsletterLists.AsNoTracking()
            .Where(l => l.Kind == NewsletterKind.Digest && l.SendsAutomatically && l.RetiredAt == null && l.SendAtMinutes <= minutes)
            .Where(l => !db.NewsletterSends.Any(s => s.ListId == l.Id && s.Edition == today))
            .Select(l => l.Id).ToListAsync(ct);
        foreach (var listId in due)
        {
            await editions.StartDigestAsync(listId, "schedule", ct);
        }
        await services.GetRequiredService<Subscribing>().PurgeUnconfirmedAsync(ct);
    }
}
