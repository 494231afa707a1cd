using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Newsletters;

/// <summary>/newsletters/confirm: the link of the confirmation email. A forged or expired link changes nothing and says so.</summary>
public sealed class ConfirmSubscriptionPageModel(Subscribing subscribing, NewsletterLinks links) : PageModel
{
    public LinkOutcome Outcome { get; private set; }
    public IReadOnlyList<string> Joined { get; private set; } = [];
    public string? ManagePath { get; private set; }

    public async Task OnGetAsync(int? s, long? t, long? e, string? sig, CancellationToken ct)
    {
        ViewData["Title"] = "Confirm your subscription";
        ViewData["Robots"] = "noindex";
        Response.Headers.CacheControl = "no-store";
        if (s is not { } id || t is not { } sent || e is not { } expires)
        {
            Outcome = LinkOutcome.Invalid;
        }
        else
        {
            (Outcome, Joined, var subscriberId) = await subscribing.ConfirmAsync(id, sent, expires, sig, ct);
            ManagePath = Outcome == LinkOutcome.Done ? links.ManagePath(subscriberId) : null;
        }
        Response.StatusCode = Outcome switch
        {
            LinkOutcome.Invalid => StatusCodes.Status404NotFound,
            LinkOutcome.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status200OK,
        };
    }
}
