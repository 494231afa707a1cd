using System.Globalization;
using System.Net;
using System.Text;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Popular;
using Broadsheet.Site;
using Broadsheet.Spam;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin;

/// <summary>A day's figure for a chart.</summary>
public sealed record DayFigure(DateTime Day, long Value);

/// <summary>Everything the dashboard shows, gathered in one place.</summary>
public sealed record Dashboard(
    int Held, int InReview, int ScheduledCount, IReadOnlyList<(int Id, string Title, DateTime At)> NextScheduled,
    IReadOnlyList<PopularArticle> TopToday, IReadOnlyList<PopularArticle> TopWeek,
    IReadOnlyList<DayFigure> ViewsByDay, IReadOnlyList<(CommentStatus Status, int Count)> CommentsByVerdict, IReadOnlyList<SpamWeekFigures> SpamWeeks);

/// <summary>
/// The dashboard's figures: what waits (held comments, drafts in review, what is scheduled), what is read (today, this
/// week, views a day over 30 days), what readers wrote (comments of the last 30 days by verdict) and what the spam
/// filter did in the last weeks. Counts are capped like the moderation desk's; views come from the hourly buckets.
/// </summary>
public sealed class DashboardFigures(BroadsheetDb db, PopularQueries popular, SpamQueue spam, SiteClock siteClock, TimeProvider clock)
{
    public const int Days = 30;

    public async Task<Dashboard> LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var held = await db.Comments.Where(c => c.Status == CommentStatus.Pending).Take(ModerationDesk.CountCap + 1).CountAsync(ct);
        var inReview = await db.Articles.CountAsync(a => a.Status == ArticleStatus.Draft && a.InReview, ct);
        var scheduled = db.Articles.AsNoTracking().Where(a => a.Listed == 1 && a.PublishedAt > now);
        var next = (await scheduled.OrderBy(a => a.PublishedAt).Take(5).Select(a => new { a.Id, a.Title, a.PublishedAt }).ToListAsync(ct))
            .Select(a => (a.Id, a.Title, DateTime.SpecifyKind(a.PublishedAt!.Value, DateTimeKind.Utc))).ToList();
        var firstDay = siteClock.Today.AddDays(1 - Days);
        var since = siteClock.StartOfLocalDayUtc(firstDay);
        var hourly = await db.ArticleViews.AsNoTracking().Where(b => b.HourStart >= since)
            .GroupBy(b => b.HourStart).Select(g => new { Hour = g.Key, Views = g.Sum(b => b.Views) }).ToListAsync(ct);
        var byDay = hourly.GroupBy(h => siteClock.Local(h.Hour).Date).ToDictionary(g => g.Key, g => g.Sum(h => h.Views));
        var views = Enumerable.Range(0, Days).Select(i => firstDay.AddDays(i)).Select(d => new DayFigure(d, byDay.GetValueOrDefault(d))).ToList();
        var verdicts = await db.Comments.AsNoTracking().Where(c => c.CreatedAt >= since)
            .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byVerdict = ModerationDesk.Tabs.Select(t => (t.Status, verdicts.FirstOrDefault(v => v.Key == t.Status)?.Count ?? 0)).ToList();
        return new Dashboard(held, inReview, await scheduled.CountAsync(ct), next,
            await popular.TopAsync(TimeSpan.FromDays(1), 5, ct), await popular.TopAsync(TimeSpan.FromDays(7), 5, ct),
            views, byVerdict, await spam.FiguresAsync(4, ct));
    }

    /// <summary>
    /// A bar chart as inline SVG, drawn here so it reads without JavaScript: each bar has a title with its figure, and
    /// the whole an accessible name; the page puts the same figures in a table beside it.
    /// </summary>
    public static string BarChart(string name, IReadOnlyList<(string Label, long Value)> bars, int width = 600, int height = 160)
    {
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var step = (double)width / Math.Max(1, bars.Count);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"bar-chart\" viewBox=\"0 0 {width} {height + 20}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(name)}\" preserveAspectRatio=\"none\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var barHeight = value == 0 ? 0 : Math.Max(1, height * value / (double)max);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * step + 1:0.#}\" y=\"{height - barHeight:0.#}\" width=\"{Math.Max(1, step - 2):0.#}\" height=\"{barHeight:0.#}\"><title>{WebUtility.HtmlEncode(label)}: {value:N0}</title></rect>");
            if (i % 7 == 0 || i == bars.Count - 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{i * step + 1:0.#}\" y=\"{height + 15}\">{WebUtility.HtmlEncode(label)}</text>");
            }
        }
        return svg.Append("</svg>").ToString();
    }
}
