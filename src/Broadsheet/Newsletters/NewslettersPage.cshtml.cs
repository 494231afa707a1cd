using Broadsheet.Comments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Newsletters;

/// <summary>
/// /newsletters/: the newsletters and the sign-up form, which the front page, section pages and articles also carry
/// and which all post here. Without JavaScript the answer is this page; the form's script asks for JSON instead and
/// shows the same message in place. The form is the same for every reader, so cached pages carry it: instead of an
/// antiforgery token, a post another site's page makes a browser send is refused by its Sec-Fetch-Site or Origin.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class NewslettersPageModel(Subscribing subscribing, NewsletterLists lists) : PageModel
{
    public const string HoneypotField = "homepage";
    public const string AcceptedMessage = "Thank you. Please check your inbox: we sent you a link to confirm. Nothing is sent until you do.";

    public IReadOnlyList<ListChoice> Lists { get; private set; } = [];
    public string? Email { get; private set; }
    public IReadOnlyCollection<int> Chosen { get; private set; } = [];
    public string? Accepted { get; private set; }
    public bool CanSend => lists.CanSend;

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Accepted = done == "check-inbox" ? AcceptedMessage : null;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? email, [FromForm(Name = "list")] int[]? list, CancellationToken ct)
    {
        var wantsJson = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        if (FormStamp.IsCrossSite(Request))
        {
            const string refused = "This form did not come from this site.";
            return wantsJson
                ? new JsonResult(new { errors = new Dictionary<string, string[]> { ["form"] = [refused] } }) { StatusCode = StatusCodes.Status403Forbidden }
                : new ContentResult { Content = refused, StatusCode = StatusCodes.Status403Forbidden, ContentType = "text/plain; charset=utf-8" };
        }
        // A robot that fills in the field people cannot see is told what everyone is told, and nothing is sent.
        var errors = string.IsNullOrEmpty(Request.Form[HoneypotField])
            ? await subscribing.SignUpAsync(email, list ?? [], ct)
            : [];
        if (errors.Count == 0)
        {
            return wantsJson ? new JsonResult(new { message = AcceptedMessage }) : Redirect("/newsletters/?done=check-inbox");
        }
        if (wantsJson)
        {
            return new JsonResult(new { errors }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
        }
        if (errors.ContainsKey("form"))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(ct);
            return Page();
        }
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }
        Email = email;
        Chosen = list ?? [];
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Newsletters";
        ViewData["Description"] = "Our newsletters by email: the daily briefing, breaking news and the sections you follow.";
        Lists = await lists.OpenAsync(ct);
    }
}
