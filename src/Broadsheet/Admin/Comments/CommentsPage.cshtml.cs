using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Comments;

/// <summary>
/// /admin/comments: the moderation desk. Tabs for pending, approved, spam and trash with their counts; a filter by
/// article and by text (name, email, website, comment); each comment with its article, author, avatar, the reasons
/// it was held or judged spam and the filter's score; actions on one comment or on the ones ticked; editing a
/// comment's text; keyboard shortcuts. Spam and not-spam teach the filter, as the API's do.
/// </summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class CommentsPageModel(ModerationDesk desk, CommentModeration moderation) : PageModel
{
    public CommentStatus Status { get; private set; }
    public string StatusSlug => ModerationDesk.SlugOf(Status);
    public int? ArticleId { get; private set; }
    public string? Query { get; private set; }
    public IReadOnlyDictionary<CommentStatus, int> Counts { get; private set; } = new Dictionary<CommentStatus, int>();
    public IReadOnlyList<ModerationRow> Rows { get; private set; } = [];
    public int? Next { get; private set; }
    public string? Message { get; private set; }
    public int? EditingId { get; private set; }
    public int? ReplyingId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, int? article, string? q, int? before, string? done, CancellationToken ct)
    {
        if (ModerationDesk.StatusFrom(status) is not { } shown)
        {
            return NotFound();
        }
        Message = done;
        await LoadAsync(shown, article, q, before, ct);
        return Page();
    }

    /// <summary>One comment's button ("approve:123") or the bulk action on the ticked ones; both name the tab seen.</summary>
    public async Task<IActionResult> OnPostAsync(int[] ids, string? act, string? action, string? status, int? article, string? q, CancellationToken ct)
    {
        if (ModerationDesk.StatusFrom(status) is not { } seen)
        {
            return NotFound();
        }
        (int[] Ids, string? Action) what = act?.Split(':') is [var one, var idText] && int.TryParse(idText, out var id) ? ([id], one) : (ids, action);
        string done;
        if (what.Ids.Length == 0 || what.Action is not { } chosen || !(CommentModeration.Actions.Contains(chosen) || chosen == "delete"))
        {
            done = "Tick some comments and choose what to do with them.";
        }
        else
        {
            var outcome = await desk.ApplyAsync(what.Ids, chosen, seen, ct);
            done = Describe(chosen, outcome);
        }
        return Redirect(Link(seen, article, q, done: done));
    }

    public async Task<IActionResult> OnPostEditAsync(int id, string? text, string? status, int? article, string? q, CancellationToken ct)
    {
        if (ModerationDesk.StatusFrom(status) is not { } seen)
        {
            return NotFound();
        }
        switch (await moderation.EditAsync(id, new CommentEdit(text ?? "", null, null, null), ct))
        {
            case Saved<Comment>:
                return Redirect(Link(seen, article, q, done: "The comment's text was changed."));
            case Invalid<Comment> invalid:
                EditingId = id;
                ModelState.AddAll(invalid.Errors.ToDictionary(e => $"text-{id}", e => e.Value));
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                await LoadAsync(seen, article, q, null, ct);
                return Page();
            default:
                return Redirect(Link(seen, article, q, done: "That comment is gone: someone deleted it."));
        }
    }

    public async Task<IActionResult> OnPostReplyAsync(int id, string? reply, string? status, int? article, string? q, CancellationToken ct)
    {
        if (ModerationDesk.StatusFrom(status) is not { } seen)
        {
            return NotFound();
        }
        var me = Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        switch (await moderation.ReplyAsync(id, reply, me, ct))
        {
            case Saved<Comment>:
                return Redirect(Link(seen, article, q, done: seen == CommentStatus.Pending
                    ? "Approved the comment and published your reply, marked as staff."
                    : "Published your reply, marked as staff."));
            case Invalid<Comment> invalid when seen is CommentStatus.Spam or CommentStatus.Trash:
                // No reply form on these tabs: the reason goes above the list.
                return Redirect(Link(seen, article, q, done: string.Join(" ", invalid.Errors.SelectMany(e => e.Value))));
            case Invalid<Comment> invalid:
                ReplyingId = id;
                ModelState.AddAll(invalid.Errors.ToDictionary(e => $"reply-{id}", e => e.Value));
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                await LoadAsync(seen, article, q, null, ct);
                return Page();
            default:
                return Redirect(Link(seen, article, q, done: "That comment is gone: someone deleted it."));
        }
    }

    /// <summary>This desk's address with a tab, filters and an optional page or message.</summary>
    public static string Link(CommentStatus status, int? article, string? q, int? before = null, string? done = null) =>
        "/admin/comments" + QueryString.Create(new Dictionary<string, string?>
        {
            ["status"] = ModerationDesk.SlugOf(status),
            ["article"] = article?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["q"] = string.IsNullOrWhiteSpace(q) ? null : q,
            ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["done"] = done,
        }.Where(p => p.Value is not null)).ToUriComponent();

    private static string Describe(string action, ModerationOutcome outcome)
    {
        var verb = action switch
        {
            "approve" => "Approved", "unapprove" => "Moved back to pending", "spam" => "Marked as spam (the filter learned from it)",
            "not-spam" => "Marked as not spam (the filter learned from it)", "trash" => "Moved to the trash", "restore" => "Restored",
            _ => "Deleted",
        };
        var text = $"{verb}: {outcome.Changed} comment{(outcome.Changed == 1 ? "" : "s")}.";
        if (outcome.MovedMeanwhile > 0)
        {
            text += $" {outcome.MovedMeanwhile} had been moved by someone else in the meantime and {(outcome.MovedMeanwhile == 1 ? "was" : "were")} left as {(outcome.MovedMeanwhile == 1 ? "it is" : "they are")}.";
        }
        if (outcome.Refused > 0)
        {
            text += $" {outcome.Refused} with replies {(outcome.Refused == 1 ? "was" : "were")} not deleted: trash {(outcome.Refused == 1 ? "it" : "them")} instead, so the thread keeps its shape.";
        }
        return text;
    }

    private async Task LoadAsync(CommentStatus status, int? article, string? q, int? before, CancellationToken ct)
    {
        (Status, ArticleId, Query) = (status, article, q);
        ViewData["Title"] = "Comments";
        Counts = await desk.CountsAsync(ct);
        (Rows, Next) = await desk.PageAsync(new ModerationFilter(status, article, q), before, ct);
    }
}
