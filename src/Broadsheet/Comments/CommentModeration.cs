using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>What a moderator may do to a comment (WordPress's actions); the API and, later, the admin call it.</summary>
public sealed partial class CommentModeration(
    BroadsheetDb db, CommentNotifications notifications, Spam.SpamFilter spam, Spam.AkismetClient akismet, Caching.PageCache pages,
    TimeProvider clock, Microsoft.Extensions.Options.IOptionsMonitor<CommentsOptions> options, Audit.AuditLog audit)
{
    public static readonly IReadOnlySet<string> Actions = new HashSet<string> { "approve", "unapprove", "spam", "not-spam", "trash", "restore" };

    public async Task<EditResult<Comment>> ApplyAsync(int id, string action, CancellationToken ct)
    {
        if (await db.Comments.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } comment)
        {
            return new Missing<Comment>();
        }
        var wasApproved = comment.Status == CommentStatus.Approved;
        switch (action)
        {
            case "approve":
                comment.Status = CommentStatus.Approved;
                break;
            case "unapprove":
                comment.Status = CommentStatus.Pending;
                break;
            case "spam" or "trash":
                if (comment.Status is not (CommentStatus.Spam or CommentStatus.Trash))
                {
                    comment.PreviousStatus = comment.Status;
                }
                comment.Status = action == "spam" ? CommentStatus.Spam : CommentStatus.Trash;
                break;
            case "not-spam" or "restore":
                comment.Status = comment.PreviousStatus ?? CommentStatus.Pending;
                comment.PreviousStatus = null;
                break;
            default:
                return new Invalid<Comment>(new Dictionary<string, string[]> { ["action"] = [$"Unknown action '{action}'."] });
        }
        await db.SaveChangesAsync(ct);
        if (wasApproved || comment.Status == CommentStatus.Approved)
        {
            await pages.CommentsChangedAsync(comment.ArticleId, ct);
        }
        if (action is "spam" or "not-spam")
        {
            // Akismet's submit-spam / submit-ham: the filter learns from the moderator at once.
            await spam.LearnAsync(comment.Id, comment.Body, comment.Name, spam: action == "spam", filterSaidSpam: comment.JudgedSpam, ct);
            if (akismet.Enabled)
            {
                // The IP is not kept (only its keyed hash), so the service hears everything but the address.
                await akismet.SubmitAsync(new Spam.AkismetComment(null, comment.UserAgent, "", comment.Name, comment.Email, comment.Website, comment.Body, comment.CreatedAt),
                    spam: action == "spam", ct);
            }
        }
        if (!wasApproved && comment.Status == CommentStatus.Approved)
        {
            await notifications.PublishedAsync(comment, ct);
        }
        await audit.RecordAsync(Audit.AuditActions.Comment(action), Subject(comment), Link(comment), ct);
        return new Saved<Comment>(comment);
    }

    /// <summary>
    /// A reply from the newsroom, written on the moderation desk: published at once, under the member's name and
    /// marked as staff. Replying to a held comment approves it first, as WordPress's "Approve and reply" does.
    /// </summary>
    public async Task<EditResult<Comment>> ReplyAsync(int parentId, string? text, Accounts.Actor by, CancellationToken ct)
    {
        if (await db.Comments.SingleOrDefaultAsync(c => c.Id == parentId, ct) is not { } parent)
        {
            return new Missing<Comment>();
        }
        if (by.UserId is not { } userId || await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct) is not { } member)
        {
            return new Forbidden<Comment>("Replies from the desk are written by a signed-in member.");
        }
        if (parent.Status is CommentStatus.Spam or CommentStatus.Trash)
        {
            return new Invalid<Comment>(new Dictionary<string, string[]> { ["reply"] = ["Restore the comment before replying to it."] });
        }
        var body = CleanText.Block(text ?? "").Trim();
        var errors = Validation.Errors(new CommentForm { Comment = body, Name = member.DisplayName, Email = member.Email });
        if (errors.TryGetValue("comment", out var messages))
        {
            return new Invalid<Comment>(new Dictionary<string, string[]> { ["reply"] = messages });
        }
        if (parent.Status == CommentStatus.Pending && await ApplyAsync(parentId, "approve", ct) is not Saved<Comment>)
        {
            return new Missing<Comment>();
        }
        var atLimit = parent.Depth >= options.CurrentValue.MaxDepth;
        var reply = new Comment
        {
            ArticleId = parent.ArticleId, Name = member.DisplayName, Email = member.Email, Body = body, BodyHtml = CommentText.ToHtml(body),
            TextHash = CommentText.Fingerprint(body), Status = CommentStatus.Approved, StaffUserId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime,
            ParentId = atLimit ? parent.ParentId : parent.Id, ThreadId = parent.ThreadId, Depth = atLimit ? parent.Depth : parent.Depth + 1,
        };
        db.Comments.Add(reply);
        await db.SaveChangesAsync(ct);
        await pages.CommentsChangedAsync(reply.ArticleId, ct);
        await audit.RecordAsync(Audit.AuditActions.CommentReplied, Subject(parent), Link(reply), ct, by);
        await notifications.PublishedAsync(reply, ct);
        return new Saved<Comment>(reply);
    }

    public async Task<EditResult<Comment>> EditAsync(int id, CommentEdit edit, CancellationToken ct)
    {
        if (await db.Comments.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } comment)
        {
            return new Missing<Comment>();
        }
        var merged = new CommentForm
        {
            Comment = edit.Comment is null ? comment.Body : CleanText.Block(edit.Comment).Trim(),
            Name = edit.Name is null ? comment.Name : CleanText.Line(edit.Name),
            Email = edit.Email is null ? comment.Email : CleanText.Line(edit.Email).ToLowerInvariant(),
            Website = edit.Website is null ? comment.Website : CleanText.Line(edit.Website) is { Length: > 0 } w ? w : null,
        };
        var errors = Validation.Errors(merged);
        if (errors.Count > 0 || merged is not { Comment: { } body, Name: { } name, Email: { } email })
        {
            return new Invalid<Comment>(errors);
        }
        (comment.Body, comment.BodyHtml, comment.Name, comment.Email, comment.Website) = (body, CommentText.ToHtml(body), name, email, merged.Website);
        comment.TextHash = CommentText.Fingerprint(body);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(Audit.AuditActions.CommentEdited, Subject(comment), Link(comment), ct);
        if (comment.Status == CommentStatus.Approved)
        {
            await pages.CommentsChangedAsync(comment.ArticleId, ct);
        }
        return new Saved<Comment>(comment);
    }

    /// <summary>Deletes for good. A comment with replies is trashed instead, so the thread keeps its shape.</summary>
    public async Task<EditResult<Comment>> DeleteAsync(int id, CancellationToken ct)
    {
        if (await db.Comments.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } comment)
        {
            return new Missing<Comment>();
        }
        if (await db.Comments.AnyAsync(c => c.ParentId == id, ct))
        {
            return new Invalid<Comment>(new Dictionary<string, string[]> { ["id"] = ["This comment has replies; trash it instead of deleting it."] });
        }
        db.Comments.Remove(comment);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(Audit.AuditActions.CommentDeleted, Subject(comment), $"/admin/comments?article={comment.ArticleId}", ct);
        if (comment.Status == CommentStatus.Approved)
        {
            await pages.CommentsChangedAsync(comment.ArticleId, ct);
        }
        return new Saved<Comment>(comment);
    }
}

public sealed partial class CommentModeration
{
    private static string Subject(Comment comment) => $"the comment by {comment.Name} (#{comment.Id})";

    private static string Link(Comment comment) => $"/admin/comments?status={ModerationDesk.SlugOf(comment.Status)}&article={comment.ArticleId}";
}

/// <summary>A moderator's correction: a missing field is left as it was.</summary>
public sealed record CommentEdit(string? Comment, string? Name, string? Email, string? Website);
