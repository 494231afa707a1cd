using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Newsletters;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Newsletters;

/// <summary>A list as the admin shows it: its readers now, and its schedule.</summary>
public sealed record ListRow(NewsletterList List, int Subscribers, string? SectionName);

/// <summary>A send as the admin shows it: handed to the relay, failed, still to go, and how long it took.</summary>
public sealed record SendRow(NewsletterSend Send, string ListName, int Delivered, int Failed, int Waiting)
{
    public TimeSpan? Took => Send.FinishedAt is { } finished ? finished - Send.CreatedAt : null;
}

/// <summary>/admin/newsletters: the lists with their subscribers, a new list, and the latest sends.</summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class NewsletterListsPageModel(BroadsheetDb db, NewsletterLists lists, Broadsheet.Sections.SectionTreeCache sections) : PageModel
{
    public IReadOnlyList<ListRow> Rows { get; private set; } = [];
    public IReadOnlyList<SendRow> Sends { get; private set; } = [];
    public IReadOnlyList<Broadsheet.Sections.SectionNode> SectionChoices { get; private set; } = [];

    [BindProperty]
    public ListInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        switch (await lists.CreateAsync(Input, ct))
        {
            case Saved<NewsletterList> saved:
                return Redirect($"/admin/newsletters/{saved.Value.Id}?done=created");
            case Invalid<NewsletterList> invalid:
                ModelState.AddAll(invalid.Errors);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Newsletters";
        await lists.EnsureDefaultsAsync(ct);
        var tree = await sections.GetAsync(ct);
        SectionChoices = tree.All;
        var counts = await NewsletterLists.Receiving(db).AsNoTracking().Select(s => s.ListId)
            .GroupBy(id => id).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Rows = [.. (await db.NewsletterLists.AsNoTracking().ToListAsync(ct))
            .OrderBy(l => l.IsRetired).ThenBy(l => l.SectionId is null ? 0 : 1).ThenBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(l => new ListRow(l, counts.GetValueOrDefault(l.Id), l.SectionId is { } id ? tree.ById(id)?.Name : null))];
        Sends = await SendsAsync(db, null, ct);
    }

    /// <summary>The latest sends (of one list, or all), with their deliveries counted.</summary>
    public static async Task<IReadOnlyList<SendRow>> SendsAsync(BroadsheetDb db, int? listId, CancellationToken ct)
    {
        var query = db.NewsletterSends.AsNoTracking();
        if (listId is { } id)
        {
            query = query.Where(s => s.ListId == id);
        }
        var sends = await query.OrderByDescending(s => s.Id).Take(20).ToListAsync(ct);
        var ids = sends.Select(s => s.Id).ToList();
        var states = await db.NewsletterDeliveries.AsNoTracking().Where(d => ids.Contains(d.SendId))
            .GroupBy(d => new { d.SendId, d.State }).Select(g => new { g.Key.SendId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var names = await db.NewsletterLists.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        int Count(int sendId, params DeliveryState[] wanted) => states.Where(s => s.SendId == sendId && wanted.Contains(s.State)).Sum(s => s.Count);
        return [.. sends.Select(s => new SendRow(s, names.GetValueOrDefault(s.ListId, ""),
            Count(s.Id, DeliveryState.Handed, DeliveryState.Delivered), Count(s.Id, DeliveryState.Failed), Count(s.Id, DeliveryState.Pending)))];
    }
}
