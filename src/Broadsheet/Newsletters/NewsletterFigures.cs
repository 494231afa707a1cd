using Broadsheet.Infrastructure.Db;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Newsletters;

/// <summary>One week of one list: its subscribers at the week's end, who joined and who left during it.</summary>
public sealed record ListWeek(DateTime WeekStart, int Subscribers, int SignUps, int Leavers);

public sealed record ListFigures(int ListId, string Name, bool Retired, IReadOnlyList<ListWeek> Weeks);

/// <summary>The dashboard's newsletter figures: per list, by week (Monday to Sunday in the site's time zone).</summary>
public sealed class NewsletterFigures(BroadsheetDb db, SiteClock siteClock)
{
    public const int Weeks = 8;

    public async Task<IReadOnlyList<ListFigures>> LoadAsync(CancellationToken ct)
    {
        var lists = await db.NewsletterLists.AsNoTracking().OrderBy(l => l.Id).Select(l => new { l.Id, l.Name, l.RetiredAt }).ToListAsync(ct);
        if (lists.Count == 0)
        {
            return [];
        }
        var today = siteClock.Today;
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = new Dictionary<int, List<ListWeek>>();
        for (var i = Weeks - 1; i >= 0; i--)
        {
            var start = thisWeek.AddDays(-7 * i);
            var (from, until) = (siteClock.StartOfLocalDayUtc(start), siteClock.StartOfLocalDayUtc(start.AddDays(7)));
            // One query a week: each list's three figures counted together.
            var counts = await db.Subscriptions.AsNoTracking().GroupBy(s => s.ListId).Select(g => new
            {
                ListId = g.Key,
                Subscribers = g.Count(s => s.SubscribedAt < until && (s.LeftAt == null || s.LeftAt >= until)),
                SignUps = g.Count(s => s.SubscribedAt >= from && s.SubscribedAt < until),
                Leavers = g.Count(s => s.LeftAt >= from && s.LeftAt < until),
            }).ToListAsync(ct);
            foreach (var list in lists)
            {
                var count = counts.FirstOrDefault(c => c.ListId == list.Id);
                (weeks.TryGetValue(list.Id, out var kept) ? kept : weeks[list.Id] = [])
                    .Add(new ListWeek(start, count?.Subscribers ?? 0, count?.SignUps ?? 0, count?.Leavers ?? 0));
            }
        }
        return [.. lists.Select(l => new ListFigures(l.Id, l.Name, l.RetiredAt is not null, weeks[l.Id]))];
    }
}
