using System.Globalization;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Desk;

/// <summary>Where an article stands on the desk, before and after a save: what hand-over emails and the guards compare.</summary>
public sealed record DeskState(string? Stage, int? AssigneeId, int? DeskEditorId, ArticleStatus Status, DateTime? PublishedAt)
{
    public static DeskState Of(Article a) => new(a.Stage, a.AssigneeId, a.DeskEditorId, a.Status, a.PublishedAt);
}

/// <summary>
/// The editorial workflow's rules, applied by <see cref="ArticleEditing"/> to every save (the admin's, the API's):
/// stages (only an editor approves), assignee and desk editor, the publish guard (an author publishes only an
/// approved article; an editor's publishing approves it) and the embargo (nothing is published before it).
/// </summary>
public sealed class DeskRules(BroadsheetDb db, DeskStages stages, SiteClock siteClock)
{
    public const string OnlyEditorsApprove = "Only an editor or administrator can approve an article: submit it for review instead.";

    /// <summary>Applies the input's desk fields; called after the status is applied.</summary>
    public async Task ApplyAsync(Article article, ArticleInput input, FieldErrors errors, CancellationToken ct)
    {
        if (input.Stage is { } wanted)
        {
            if (stages.Find(wanted) is { } stage)
            {
                article.Stage = stage;
            }
            else
            {
                errors.Add("stage", stages.UnknownMessage);
            }
        }
        else if (input.InReview == true && article.Status == ArticleStatus.Draft)
        {
            article.Stage = stages.Review;
        }
        else if (input.InReview == false && article.Status == ArticleStatus.Draft && article.Stage == stages.Review)
        {
            article.Stage = stages.All.Count > 2 ? stages.All[^3] : stages.First;
        }
        if (input.AssigneeId is { } assignee)
        {
            article.AssigneeId = assignee == 0 ? null
                : await db.Users.AnyAsync(u => u.Id == assignee, ct) ? assignee
                : Refused(errors, "assigneeId", $"There is no member with the id {assignee}.", article.AssigneeId);
        }
        if (input.EditorId is { } editor)
        {
            article.DeskEditorId = editor == 0 ? null
                : await db.Users.AnyAsync(u => u.Id == editor && u.Role >= UserRole.Editor, ct) ? editor
                : Refused(errors, "editorId", "The desk editor must be a member who is an editor or administrator.", article.DeskEditorId);
        }
        if (input.EmbargoUntil is { } embargo)
        {
            if (embargo.Trim().Length == 0)
            {
                article.EmbargoUntil = null;
            }
            else if (DateTimeOffset.TryParse(embargo.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
            {
                article.EmbargoUntil = until.UtcDateTime;
            }
            else
            {
                errors.Add("embargoUntil", "The embargo must be a date and time such as 2026-12-05T14:00:00Z, or empty to lift it.");
            }
        }
    }

    /// <summary>
    /// The rules that look at the whole save, once it is applied; null when it may go ahead, else why not (a 403).
    /// An approved draft its writer changes goes back to review, so what is published is what was approved.
    /// </summary>
    public string? Check(Article article, DeskState before, Actor by, bool contentChanged, bool publishing)
    {
        var isEditor = by.AtLeast(UserRole.Editor);
        if (!isEditor && article.Stage == stages.Approval && article.Stage != before.Stage)
        {
            return OnlyEditorsApprove;
        }
        if (!isEditor && contentChanged && before.Stage == stages.Approval && article.Stage == stages.Approval && before.Status == ArticleStatus.Draft)
        {
            article.Stage = stages.Review;
        }
        if (publishing)
        {
            if (isEditor)
            {
                article.Stage = stages.Approval;
            }
            else if (stages.AuthorsNeedApproval && article.Stage != stages.Approval)
            {
                return $"An editor has to approve this article before it is published; it is at “{stages.Of(article)}”. Submit it for review, and an editor will approve it.";
            }
        }
        article.InReview = article.Status == ArticleStatus.Draft && article.Stage == stages.Review;
        return null;
    }

    /// <summary>The field and message when the save would make the article public before its embargo ends.</summary>
    public (string Field, string Message)? EmbargoBroken(Article article, DeskState before, DateTime now)
    {
        if (article.Status == ArticleStatus.Draft || article.EmbargoUntil is not { } until || article.PublishedAt >= until)
        {
            return null;
        }
        var when = $"{siteClock.DateAndTime(until)} ({siteClock.Zone.Id})";
        var wasPublic = before.Status != ArticleStatus.Draft && before.PublishedAt <= now && before.PublishedAt == article.PublishedAt;
        return wasPublic
            ? ("embargoUntil", $"The article is already public, so an embargo until {when} would come too late. Unpublish it first, then schedule it for the embargo's end.")
            : ("publishedAt", $"The article is embargoed until {when}: it cannot be published before then. Schedule it for that time or later.");
    }

    private static int? Refused(FieldErrors errors, string field, string message, int? keep)
    {
        errors.Add(field, message);
        return keep;
    }
}
