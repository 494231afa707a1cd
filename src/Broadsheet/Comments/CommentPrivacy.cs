using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>Everything kept about one commenter, as the privacy page promises: a copy on request, and erasure.</summary>
public sealed record CommentDataExport(string Email, IReadOnlyList<ExportedComment> Comments, IReadOnlyList<ExportedLesson> SpamFilterLessons);

/// <summary>A moderator's verdict the spam filter learned from, with what it keeps of the comment until its digest.</summary>
public sealed record ExportedLesson(int CommentId, bool Spam, string Name, string Text, DateTime CreatedAt);

public sealed record ExportedComment(
    int Id, int ArticleId, int? ParentId, string Status, string Name, string Email, string? Website, string Comment,
    string? IpHash, string? UserAgent, bool NotifyOfReplies, DateTime CreatedAt);

public sealed class CommentPrivacy(BroadsheetDb db, TimeProvider clock, Caching.PageCache pages)
{
    public const string AnonymousName = "Anonymous";

    public async Task<CommentDataExport> ExportAsync(string email, CancellationToken ct)
    {
        var normalised = email.Trim().ToLowerInvariant();
        var comments = await db.Comments.AsNoTracking().Where(c => c.Email == normalised).OrderBy(c => c.Id).ToListAsync(ct);
        var lessons = await LessonsOf(normalised).AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct);
        return new CommentDataExport(normalised, [.. comments.Select(c => new ExportedComment(
            c.Id, c.ArticleId, c.ParentId, ModeratedComment.StatusName(c.Status), c.Name, c.Email, c.Website, c.Body,
            c.IpHash, c.UserAgent, c.NotifyOfReplies, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc)))],
            [.. lessons.Select(l => new ExportedLesson(l.CommentId ?? 0, l.Spam, l.Name, l.Text, DateTime.SpecifyKind(l.CreatedAt, DateTimeKind.Utc)))]);
    }

    private IQueryable<Spam.SpamLesson> LessonsOf(string email) =>
        db.SpamLessons.Where(l => l.CommentId != null && db.Comments.Any(c => c.Id == l.CommentId && c.Email == email));

    /// <summary>Anonymises, as WordPress's eraser does: the words stay in the conversation, nothing says who wrote them.</summary>
    public async Task<int> EraseAsync(string email, CancellationToken ct)
    {
        var normalised = email.Trim().ToLowerInvariant();
        if (normalised.Length == 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var shownOn = await db.Comments.Where(c => c.Email == normalised && c.Status == CommentStatus.Approved).Select(c => c.ArticleId).Distinct().ToListAsync(ct);
        // The filter keeps what it learned from these comments, but not who wrote them.
        await LessonsOf(normalised).ExecuteUpdateAsync(set => set.SetProperty(l => l.Name, ""), ct);
        var erased = await db.Comments.Where(c => c.Email == normalised).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Name, AnonymousName)
            .SetProperty(c => c.Email, "")
            .SetProperty(c => c.Website, (string?)null)
            .SetProperty(c => c.IpHash, (string?)null)
            .SetProperty(c => c.UserAgent, (string?)null)
            .SetProperty(c => c.NotifyOfReplies, false)
            .SetProperty(c => c.PersonalDataErasedAt, now), ct);
        foreach (var articleId in shownOn)
        {
            await pages.CommentsChangedAsync(articleId, ct);
        }
        return erased;
    }
}
