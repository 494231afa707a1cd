using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Broadsheet.Admin;

/// <summary>/admin/welcome?token=…: an invited member chooses a password and is signed in; the link then stops working.</summary>
public sealed class WelcomePageModel(PasswordResets links, AccountEditing accounts, SignIn signIn, IOptionsMonitor<Site.SiteOptions> site) : PageModel
{
    public bool Valid { get; private set; }
    public string? Email { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(string? token, CancellationToken ct)
    {
        ViewData["Title"] = $"Welcome to {site.CurrentValue.Title}";
        await CheckAsync(token, ct);
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? password, string? confirmation, CancellationToken ct)
    {
        ViewData["Title"] = $"Welcome to {site.CurrentValue.Title}";
        if (await CheckAsync(token, ct) is not { } userId)
        {
            return Page();
        }
        switch (await accounts.AcceptInvitationAsync(userId, password, confirmation, ct))
        {
            case Saved<User> saved:
                await Accounts.SignIn.SignInAsync(HttpContext, saved.Value);
                await signIn.RecordSignInAsync(userId, ct);
                return Redirect("/admin/");
            case Invalid<User> invalid:
                Errors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        return Page();
    }

    private async Task<int?> CheckAsync(string? token, CancellationToken ct)
    {
        var userId = await links.CheckInvitationAsync(token, ct);
        Valid = userId is not null;
        if (userId is { } id)
        {
            Email = (await accounts.FindByIdAsync(id, ct))?.Email;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status410Gone;
        }
        return userId;
    }
}
