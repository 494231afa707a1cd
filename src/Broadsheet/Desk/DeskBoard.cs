using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Desk;

/// <summary>A card on the board: what a desk needs to see of an article at a glance.</summary>
public sealed record DeskCard(
    int Id, string Title, string SectionName, string? AssigneeName, string? EditorName, IReadOnlyList<string> Bylines,
    DateTime UpdatedAt, DateTime? PublishedAt, DateTime? EmbargoUntil, bool MayEdit);

/// <summary>A column of the board: a stage (or scheduled, or just published), its newest cards and how many there are.</summary>
public sealed record DeskColumn(string Name, IReadOnlyList<DeskCard> Cards, int Count);

/// <summary>
/// The desk by status: a column for each stage of Broadsheet:Workflow:Stages with the drafts at it (a stage renamed in
/// the settings since is shown in the first), then what is scheduled and what was published in the last three days.
/// Each column shows its <see cref="CardsPerColumn"/> most recently changed; the article list has the rest.
/// </summary>
public sealed class DeskBoard(BroadsheetDb db, DeskStages stages, TimeProvider clock)
{
    public const int CardsPerColumn = 40;

    public async Task<IReadOnlyList<DeskColumn>> ColumnsAsync(Actor actor, bool mine, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var visible = db.Articles.AsNoTracking();
        if (!ArticlePermissions.SeesEveryArticle(actor))
        {
            visible = visible.Where(ArticlePermissions.VisibleTo(actor, now));
        }
        if (mine && actor.UserId is { } me)
        {
            visible = visible.Where(a => a.OwnerId == me || a.AssigneeId == me || a.DeskEditorId == me);
        }
        var drafts = visible.Where(a => a.Listed == 0);
        var names = stages.All.ToList();
        var columns = new List<DeskColumn>();
        foreach (var stage in names)
        {
            var atStage = stage == stages.First
                ? drafts.Where(a => a.Stage == null || !names.Contains(a.Stage))
                : drafts.Where(a => a.Stage == stage);
            columns.Add(await ColumnAsync(stage, atStage.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id), atStage, actor, ct));
        }
        var scheduled = visible.Where(a => a.Listed == 1 && a.PublishedAt > now);
        columns.Add(await ColumnAsync("Scheduled", scheduled.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id), scheduled, actor, ct));
        var since = now.AddDays(-3);
        var published = visible.Where(a => a.Listed == 1 && a.PublishedAt <= now && a.PublishedAt > since);
        columns.Add(await ColumnAsync("Published", published.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id), published, actor, ct));
        return columns;
    }

    private async Task<DeskColumn> ColumnAsync(string name, IQueryable<Article> ordered, IQueryable<Article> all, Actor actor, CancellationToken ct)
    {
        var rows = await ordered.Take(CardsPerColumn).Select(a => new
        {
            a.Id, a.Title, SectionName = a.Section.Name, a.UpdatedAt, a.PublishedAt, a.EmbargoUntil, a.Status, a.OwnerId, a.AssigneeId,
            AssigneeName = db.Users.Where(u => u.Id == a.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
            EditorName = db.Users.Where(u => u.Id == a.DeskEditorId).Select(u => u.DisplayName).FirstOrDefault(),
        }).ToListAsync(ct);
        var bylines = await ArticleQueries.AuthorsOfAsync(db, [.. rows.Select(r => r.Id)], ct);
        var count = rows.Count < CardsPerColumn ? rows.Count : await all.CountAsync(ct);
        return new DeskColumn(name, [.. rows.Select(r => new DeskCard(
            r.Id, r.Title, r.SectionName, r.AssigneeName, r.EditorName, [.. bylines[r.Id].Select(x => x.Name)],
            ArticleQueries.AsUtc(r.UpdatedAt), r.PublishedAt is null ? null : ArticleQueries.AsUtc(r.PublishedAt),
            r.EmbargoUntil is null ? null : ArticleQueries.AsUtc(r.EmbargoUntil),
            ArticlePermissions.WhyNotEdit(actor, new ArticleStake(r.OwnerId, r.AssigneeId), r.Status) is null))], count);
    }
}
