using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

/// <summary>
/// Editors hear of held comments (the first at once, then a summary: <see cref="HeldCommentMail"/>); a commenter who asked to be notified hears of each published reply, with
/// a one-click unsubscribe link. Nothing is sent unless an SMTP host is configured.
/// </summary>
public sealed class CommentNotifications(
    BroadsheetDb db, MailOutbox outbox, IOptionsMonitor<NotificationsOptions> options, IOptionsMonitor<SiteOptions> site,
    Infrastructure.Secrets.SiteKeys keys, HeldCommentMail heldMail)
{
    public async Task CommentPostedAsync(Comment comment, CancellationToken ct)
    {
        if (!outbox.Enabled)
        {
            return;
        }
        if (comment.Status == CommentStatus.Pending)
        {
            await HeldAsync(comment, ct);
        }
        else if (comment.Status == CommentStatus.Approved)
        {
            await PublishedAsync(comment, ct);
        }
    }

    /// <summary>A comment became public: whoever it replies to may want to know.</summary>
    public async Task PublishedAsync(Comment comment, CancellationToken ct)
    {
        if (!outbox.Enabled || comment.ParentId is not { } parentId)
        {
            return;
        }
        var parent = await db.Comments.AsNoTracking().Where(c => c.Id == parentId).Select(c => new { c.Id, c.Email, c.Name, c.NotifyOfReplies }).SingleOrDefaultAsync(ct);
        if (parent is null || !parent.NotifyOfReplies || string.Equals(parent.Email, comment.Email, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var article = await ArticleAsync(comment.ArticleId, ct);
        var link = $"{article.Url}#comment-{comment.Id}";
        var unsubscribe = Absolute($"/comments/unsubscribe?comment={parent.Id}&token={UnsubscribeToken(parent.Id)}");
        outbox.Enqueue(parent.Email, $"New reply to your comment on \"{article.Title}\"",
            $"""
            Hello {parent.Name},

            {comment.Name} replied to your comment on "{article.Title}":

            {comment.Body}

            Read it: {link}

            You get this email because you asked to be notified of replies.
            Stop these emails with one click: {unsubscribe}
            """);
    }

    private async Task<List<string>> EditorsAsync(CancellationToken ct) => options.CurrentValue.Editors.Count > 0
        ? options.CurrentValue.Editors
        : await db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null && u.InvitedAt == null).Select(u => u.Email).ToListAsync(ct);

    /// <summary>Comments held since the last email, counted.</summary>
    public async Task HeldSummaryAsync(int held, CancellationToken ct)
    {
        foreach (var editor in await EditorsAsync(ct))
        {
            outbox.Enqueue(editor, $"{held} more comment{(held == 1 ? " is" : "s are")} awaiting moderation",
                $"""
                {held} more comment{(held == 1 ? " was" : "s were")} held for moderation since the last email.

                The queue: {Absolute("/api/v1/comments?status=pending")}
                """);
        }
    }

    private async Task HeldAsync(Comment comment, CancellationToken ct)
    {
        if (!heldMail.TakeTurn())
        {
            return;
        }
        var editors = await EditorsAsync(ct);
        var article = await ArticleAsync(comment.ArticleId, ct);
        foreach (var editor in editors)
        {
            outbox.Enqueue(editor, $"Comment awaiting moderation on \"{article.Title}\"",
                $"""
                A comment on "{article.Title}" is awaiting moderation.

                Why it was held: {comment.Reasons}
                Author: {comment.Name} <{comment.Email}> {comment.Website}

                {comment.Body}

                Article: {article.Url}
                Approve: POST {Absolute($"/api/v1/comments/{comment.Id}/approve")}
                """);
        }
    }

    private const string UnsubscribePurpose = "unsubscribe";

    public string UnsubscribeToken(int commentId) =>
        keys.Signature(UnsubscribePurpose, commentId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public bool IsValidUnsubscribeToken(int commentId, string? token) =>
        keys.IsSignature(UnsubscribePurpose, commentId.ToString(System.Globalization.CultureInfo.InvariantCulture), token);

    private async Task<(string Title, string Url)> ArticleAsync(int articleId, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new { a.Title, a.Slug, a.Section.Path }).SingleAsync(ct);
        return (article.Title, Absolute(SitePaths.Article(article.Path, article.Slug)));
    }

    private string Absolute(string path) => site.CurrentValue.PublicBaseUrl + path;
}
