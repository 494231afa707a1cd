using Broadsheet.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin;

/// <summary>/admin/login/two-factor: the authenticator app's code (or a recovery code), after the right password.</summary>
public sealed class TwoFactorPageModel(SignIn signIn, PendingSignIn pending, Site.SiteClock clock) : PageModel
{
    public string? Message { get; private set; }

    public IActionResult OnGet()
    {
        ViewData["Title"] = "Two-factor sign-in";
        return pending.Read(HttpContext) is null ? Redirect("/admin/login") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken ct)
    {
        ViewData["Title"] = "Two-factor sign-in";
        if (pending.Read(HttpContext) is not { } waiting)
        {
            return Redirect("/admin/login");
        }
        var address = HttpContext.Connection.RemoteIpAddress is { } ip ? Security.RateLimits.AddressKey(ip) : null;
        switch (await signIn.CheckSecondFactorAsync(waiting.UserId, waiting.Stamp, code, address, ct))
        {
            case SignedIn signedIn:
                PendingSignIn.End(HttpContext);
                await Accounts.SignIn.SignInAsync(HttpContext, signedIn.User);
                await signIn.RecordSignInAsync(signedIn.User.Id, ct);
                return LocalRedirect(waiting.ReturnUrl);
            case LockedOut lockedOut:
                PendingSignIn.End(HttpContext);
                Message = Accounts.SignIn.LockedMessage(lockedOut, clock, "codes");
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Message = "That code is not right. Codes change every 30 seconds; a recovery code works once.";
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }
}
