using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

public sealed record CommentView(
    int Id, int? ParentId, int Depth, string Name, string? Website, string BodyHtml, DateTime CreatedAt, string AvatarUrl, bool AwaitingModeration,
    bool Staff = false);

public sealed record CommentNode(CommentView Comment, IReadOnlyList<CommentNode> Replies);

/// <summary>One page of an article's comment threads: approved comments, plus the reader's own held ones.</summary>
public sealed record CommentThreads(IReadOnlyList<CommentNode> Roots, int ApprovedCount, int Page, int PageCount);

/// <summary>The read side of comments for pages.</summary>
public sealed class CommentQueries(BroadsheetDb db, SiteKeys keys, IOptionsMonitor<CommentsOptions> options)
{
    public async Task<CommentThreads> ThreadsAsync(int articleId, int page, IReadOnlyCollection<int> ownHeldIds, CancellationToken ct)
    {
        var size = options.CurrentValue.PageSize;
        var approved = db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved);
        var counts = await approved.GroupBy(c => 1)
            .Select(g => new { All = g.Count(), TopLevel = g.Count(c => c.ThreadId == c.Id) }).SingleOrDefaultAsync(ct);
        var (approvedCount, topLevelCount) = (counts?.All ?? 0, counts?.TopLevel ?? 0);
        var pageCount = Math.Max(1, (topLevelCount + size - 1) / size);
        page = Math.Clamp(page, 1, pageCount);
        // A thread's id is its first comment's, so "ThreadId = Id" finds the threads and "ORDER BY ThreadId"
        // follows the (ArticleId, Status, ThreadId, Id) index, which answers both alone. "ParentId IS NULL" could
        // lead SQLite through the ParentId index (a third of all comments), ordering by Id through (Status, Id).
        var threadIds = await approved.Where(c => c.ThreadId == c.Id).OrderBy(c => c.ThreadId)
            .Skip((page - 1) * size).Take(size).Select(c => c.Id).ToListAsync(ct);
        var ownHeld = ownHeldIds.ToList();
        var lastPage = page == pageCount;
        // The page's approved comments through the (ArticleId, Status, ThreadId) index, and the reader's own held
        // ones by id, in a query of their own: folded into one with OR, SQLite would read every comment of the
        // article, held ones too, and an article under a flood of held comments would slow down for everybody.
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved && threadIds.Contains(c.ThreadId))
            .Select(c => new { c.Id, c.ParentId, c.Depth, c.Name, c.Email, c.Website, c.BodyHtml, c.CreatedAt, c.Status, Staff = c.StaffUserId != null })
            .ToListAsync(ct);
        if (ownHeld.Count > 0)
        {
            rows.AddRange(await db.Comments.AsNoTracking()
                .Where(c => ownHeld.Contains(c.Id) && c.ArticleId == articleId && c.Status == CommentStatus.Pending
                    && (threadIds.Contains(c.ThreadId) || lastPage))
                .Select(c => new { c.Id, c.ParentId, c.Depth, c.Name, c.Email, c.Website, c.BodyHtml, c.CreatedAt, c.Status, Staff = c.StaffUserId != null })
                .ToListAsync(ct));
        }
        // Sorted here for the same reason: a page's few comments, not the site's.
        var views = rows.OrderBy(c => c.Id).Select(c => new CommentView(
            c.Id, c.ParentId, c.Depth, c.Name, c.Website, c.BodyHtml, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc),
            AvatarUrl(c.Email), c.Status == CommentStatus.Pending, c.Staff)).ToList();
        return new CommentThreads(Tree(views), approvedCount, page, pageCount);
    }

    public string AvatarUrl(string email) => $"/avatars/{keys.AvatarKey(email)}.svg";

    /// <summary>Replies under their parents, oldest first; a reply whose parent is not shown stands at the top level.</summary>
    private static List<CommentNode> Tree(List<CommentView> comments)
    {
        var shown = comments.Select(c => c.Id).ToHashSet();
        var children = comments.Where(c => c.ParentId is { } p && shown.Contains(p)).ToLookup(c => c.ParentId);
        CommentNode Build(CommentView c) => new(c, [.. children[c.Id].Select(Build)]);
        return [.. comments.Where(c => c.ParentId is not { } p || !shown.Contains(p)).Select(Build)];
    }
}
