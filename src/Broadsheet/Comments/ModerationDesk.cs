using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>What the moderation desk shows: one status, optionally one article and a text to look for.</summary>
public sealed record ModerationFilter(CommentStatus Status, int? ArticleId = null, string? Text = null);

/// <summary>A comment as a moderator needs it: who wrote it where, what the filter made of it, and the text.</summary>
public sealed record ModerationRow(
    int Id, int ArticleId, string ArticleTitle, int? ParentId, string Name, string Email, string? Website, string AvatarUrl,
    string Body, string BodyHtml, string? Reasons, double? Score, CommentStatus Status, DateTime CreatedAt);

/// <summary>What a bulk action did: how many comments it changed and how many it left because someone else moved them first.</summary>
public sealed record ModerationOutcome(int Changed, int MovedMeanwhile, int Refused);

/// <summary>
/// The moderation desk's queries and bulk actions. Tabs count up to <see cref="CountCap"/> (an index range each, so a
/// queue of 100,000 costs what one of 100 does), pages go by id (keyset), and every action names the status the
/// moderator saw: a comment another moderator has moved since is left as it is and said so.
/// </summary>
public sealed class ModerationDesk(BroadsheetDb db, CommentModeration moderation, CommentQueries queries, SqlDialect dialect)
{
    public const int PageSize = 50;
    public const int CountCap = 10_000;

    public static readonly IReadOnlyList<(CommentStatus Status, string Slug, string Label)> Tabs =
    [
        (CommentStatus.Pending, "pending", "Pending"), (CommentStatus.Approved, "approved", "Approved"),
        (CommentStatus.Spam, "spam", "Spam"), (CommentStatus.Trash, "trash", "Trash"),
    ];

    public static CommentStatus? StatusFrom(string? slug) => Tabs.FirstOrDefault(t => t.Slug == (slug ?? "pending")) is { Slug: not null } tab ? tab.Status : null;

    public static string SlugOf(CommentStatus status) => Tabs.Single(t => t.Status == status).Slug;

    /// <summary>How many comments each tab holds, up to <see cref="CountCap"/> (shown as "10,000+").</summary>
    public async Task<IReadOnlyDictionary<CommentStatus, int>> CountsAsync(CancellationToken ct)
    {
        var counts = new Dictionary<CommentStatus, int>();
        foreach (var (status, _, _) in Tabs)
        {
            counts[status] = await db.Comments.Where(c => c.Status == status).Take(CountCap + 1).CountAsync(ct);
        }
        return counts;
    }

    public async Task<(IReadOnlyList<ModerationRow> Rows, int? Next)> PageAsync(ModerationFilter filter, int? beforeId, CancellationToken ct)
    {
        var query = db.Comments.AsNoTracking().Where(c => c.Status == filter.Status);
        if (filter.ArticleId is { } articleId)
        {
            query = query.Where(c => c.ArticleId == articleId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            query = query.Where(dialect.ContainsText<Comment>(filter.Text.Trim(), c => c.Name, c => c.Email, c => c.Body, c => c.Website));
        }
        if (beforeId is { } before)
        {
            query = query.Where(c => c.Id < before);
        }
        var rows = await query.OrderByDescending(c => c.Id).Take(PageSize + 1)
            .Select(c => new
            {
                c.Id, c.ArticleId, ArticleTitle = db.Articles.Where(a => a.Id == c.ArticleId).Select(a => a.Title).FirstOrDefault(),
                c.ParentId, c.Name, c.Email, c.Website, c.Body, c.BodyHtml, c.Reasons, c.SpamScore, c.Status, c.CreatedAt,
            })
            .ToListAsync(ct);
        var page = rows.Take(PageSize).Select(c => new ModerationRow(
            c.Id, c.ArticleId, c.ArticleTitle ?? "(deleted article)", c.ParentId, c.Name, c.Email, c.Website, queries.AvatarUrl(c.Email),
            c.Body, c.BodyHtml, c.Reasons, c.SpamScore, c.Status, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc))).ToList();
        return (page, rows.Count > PageSize ? page[^1].Id : null);
    }

    /// <summary>Applies an action (or "delete") to the comments that are still where the moderator saw them.</summary>
    public async Task<ModerationOutcome> ApplyAsync(IEnumerable<int> ids, string action, CommentStatus seen, CancellationToken ct)
    {
        var (changed, moved, refused) = (0, 0, 0);
        foreach (var id in ids.Distinct())
        {
            var current = await db.Comments.Where(c => c.Id == id).Select(c => (CommentStatus?)c.Status).SingleOrDefaultAsync(ct);
            if (current is null)
            {
                moved += action == "delete" ? 0 : 1;
                continue;
            }
            if (current != seen)
            {
                moved++;
                continue;
            }
            var result = action == "delete" ? await moderation.DeleteAsync(id, ct) : await moderation.ApplyAsync(id, action, ct);
            db.ChangeTracker.Clear();
            if (result is Saved<Comment>)
            {
                changed++;
            }
            else
            {
                refused++;
            }
        }
        return new ModerationOutcome(changed, moved, refused);
    }
}
