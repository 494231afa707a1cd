using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Desk;

/// <summary>
/// Hand-over emails: when a save moves an article to another stage, assigns it, gives it a desk editor, or publishes,
/// schedules or unpublishes it, its assignee and desk editor (and an assignee it was taken from) hear what changed
/// and who did it — but never about their own change. Sent through the outbox, so a save never waits on mail.
/// </summary>
public sealed class DeskNotifications(BroadsheetDb db, MailOutbox mail, DeskStages stages, SiteClock siteClock, IOptionsMonitor<SiteOptions> site)
{
    public async Task HandOverAsync(Article article, DeskState? before, Actor by, CancellationToken ct)
    {
        if (!mail.Enabled)
        {
            return;
        }
        var after = DeskState.Of(article);
        var people = await PeopleAsync([after.AssigneeId, after.DeskEditorId, before?.AssigneeId, by.UserId], ct);
        string NameOf(int? id) => id is { } known && people.TryGetValue(known, out var p) ? p.DisplayName : "nobody";
        // An API token's name says what the token is for; the email names the member it belongs to.
        var who = by.UserId is { } actorId && people.TryGetValue(actorId, out var actor) ? actor.DisplayName : by.Name;
        var changes = new List<string>();
        var stageBefore = before is null ? null : before.Stage ?? stages.First;
        var stageAfter = after.Stage ?? stages.First;
        if (before is not null && after.Status == ArticleStatus.Draft && before.Status == ArticleStatus.Draft && stageBefore != stageAfter)
        {
            changes.Add($"{who} moved it from {stageBefore} to {stageAfter}.");
        }
        if (before is not null && (after.Status != before.Status || after.PublishedAt != before.PublishedAt))
        {
            changes.Add(after.Status switch
            {
                ArticleStatus.Draft => $"{who} unpublished it; it is at {stageAfter}.",
                ArticleStatus.Scheduled => $"{who} scheduled it for {siteClock.DateAndTime(after.PublishedAt ?? default)}.",
                _ => $"{who} published it.",
            });
        }
        if (after.AssigneeId != before?.AssigneeId)
        {
            changes.Add(after.AssigneeId is null ? $"{who} took it off {NameOf(before?.AssigneeId)}; nobody is assigned." : $"{who} assigned it to {NameOf(after.AssigneeId)}.");
        }
        if (after.DeskEditorId != before?.DeskEditorId && after.DeskEditorId is not null)
        {
            changes.Add($"{who} made {NameOf(after.DeskEditorId)} its desk editor.");
        }
        if (changes.Count == 0)
        {
            return;
        }
        var state = after.Status == ArticleStatus.Draft ? stageAfter : after.Status == ArticleStatus.Scheduled ? "scheduled" : "published";
        var link = $"{site.CurrentValue.PublicBaseUrl}/admin/articles/{article.Id}";
        foreach (var id in new[] { after.AssigneeId, after.DeskEditorId, before?.AssigneeId }.OfType<int>().Distinct())
        {
            if (by.Is(id) || !people.TryGetValue(id, out var person))
            {
                continue;
            }
            var role = id == after.AssigneeId ? "You are writing it." : id == after.DeskEditorId ? "You are its desk editor." : "It is no longer assigned to you.";
            mail.Enqueue(person.Email, $"“{article.Title}”: {state}",
                $"Hello {person.DisplayName},\n\n{string.Join("\n", changes)}\n{role}\n\nAssigned to: {NameOf(after.AssigneeId)}\nDesk editor: {NameOf(after.DeskEditorId)}\n\n" +
                $"Open it: {link}\nThe desk: {site.CurrentValue.PublicBaseUrl}/admin/desk\n");
        }
    }

    private async Task<Dictionary<int, User>> PeopleAsync(int?[] ids, CancellationToken ct)
    {
        var wanted = ids.OfType<int>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id) && u.DeactivatedAt == null).ToDictionaryAsync(u => u.Id, ct);
    }
}
