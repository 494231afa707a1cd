using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Newsletters;

/// <summary>
/// /newsletters/manage: a subscriber's own page, reached from every email by its signed link, without signing in:
/// choose the newsletters, or leave them all. Never cached, never indexed.
/// </summary>
public sealed class ManageSubscriptionPageModel(Subscribing subscribing, NewsletterLinks links) : PageModel
{
    public SubscriberLists? Subscriber { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? s, string? sig, CancellationToken ct) => await ShowAsync(s, sig, null, ct);

    public async Task<IActionResult> OnPostAsync(int? s, string? sig, [FromForm(Name = "list")] int[]? list, CancellationToken ct)
    {
        if (s is not { } id || !links.IsManage(id, sig))
        {
            return await ShowAsync(s, sig, null, ct);
        }
        await subscribing.ChooseAsync(id, list ?? [], ct);
        return await ShowAsync(s, sig, (list ?? []).Length == 0 ? "You have left every newsletter. You can choose them again here at any time." : "Saved: you will receive the newsletters ticked below.", ct);
    }

    public async Task<IActionResult> OnPostLeaveAllAsync(int? s, string? sig, CancellationToken ct)
    {
        if (s is { } id && links.IsManage(id, sig))
        {
            await subscribing.LeaveAsync(id, null, ct);
            return await ShowAsync(s, sig, "You have left every newsletter. You can choose them again here at any time.", ct);
        }
        return await ShowAsync(s, sig, null, ct);
    }

    private async Task<IActionResult> ShowAsync(int? s, string? sig, string? message, CancellationToken ct)
    {
        ViewData["Title"] = "Your newsletters";
        ViewData["Robots"] = "noindex";
        Response.Headers.CacheControl = "no-store";
        Message = message;
        Subscriber = s is { } id && links.IsManage(id, sig) ? await subscribing.ListsOfAsync(id, ct) : null;
        if (Subscriber is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
