using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Newsletters;

/// <summary>
/// /newsletters/unsubscribe: one list's link, in the email's footer and its List-Unsubscribe header. A GET only asks
/// (mail scanners open links); the POST leaves the list: the page's button, or the mail client's one-click POST of
/// RFC 8058 (body "List-Unsubscribe=One-Click", no cookies, hence no antiforgery token: the link's signature is the proof).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribePageModel(Subscribing subscribing, NewsletterLinks links, Infrastructure.Db.BroadsheetDb db) : PageModel
{
    public string? ListName { get; private set; }
    public bool Left { get; private set; }
    public string? ManagePath { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? s, int? list, string? sig, CancellationToken ct) => await ShowAsync(s, list, sig, ct);

    public async Task<IActionResult> OnPostAsync(int? s, int? list, string? sig, CancellationToken ct)
    {
        if (s is { } id && list is { } listId && links.IsUnsubscribe(id, listId, sig))
        {
            await subscribing.LeaveAsync(id, listId, ct);
            Left = true;
        }
        return await ShowAsync(s, list, sig, ct);
    }

    private async Task<IActionResult> ShowAsync(int? s, int? list, string? sig, CancellationToken ct)
    {
        ViewData["Title"] = "Unsubscribe";
        ViewData["Robots"] = "noindex";
        Response.Headers.CacheControl = "no-store";
        if (s is { } id && list is { } listId && links.IsUnsubscribe(id, listId, sig)
            && await db.Subscribers.AnyAsync(r => r.Id == id, ct))
        {
            ListName = await db.NewsletterLists.Where(l => l.Id == listId).Select(l => l.Name).SingleOrDefaultAsync(ct);
            ManagePath = links.ManagePath(id);
        }
        if (ListName is null)
        {
            Left = false;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
