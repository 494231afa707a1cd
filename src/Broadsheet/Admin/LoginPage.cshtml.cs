using Broadsheet.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin;

public sealed class LoginPageModel(SignIn signIn, Site.SiteClock clock, PendingSignIn pending, PasswordResets resets) : PageModel
{
    public string? Message { get; private set; }

    public string? Email { get; private set; }

    public bool MayResetByEmail => resets.Available;

    public void OnGet() => ViewData["Title"] = "Sign in";

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl, CancellationToken ct)
    {
        ViewData["Title"] = "Sign in";
        Email = email;
        switch (await signIn.CheckAsync(email, password, HttpContext.Connection.RemoteIpAddress is { } ip ? Security.RateLimits.AddressKey(ip) : null, ct))
        {
            case SignedIn signedIn:
                var next = Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin/";
                if (signedIn.User.TotpSecret is not null)
                {
                    pending.Start(HttpContext, signedIn.User, next);
                    return Redirect("/admin/login/two-factor");
                }
                await Accounts.SignIn.SignInAsync(HttpContext, signedIn.User);
                await signIn.RecordSignInAsync(signedIn.User.Id, ct);
                return LocalRedirect(next);
            case Deactivated:
                Message = Accounts.SignIn.DeactivatedMessage;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            case LockedOut lockedOut:
                Message = Accounts.SignIn.LockedMessage(lockedOut, clock, "passwords");
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Message = "Wrong email or password.";
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }
}

public sealed class LogoutPageModel : PageModel
{
    public IActionResult OnGet() => Redirect("/admin/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(Accounts.SignIn.Scheme);
        return Redirect("/");
    }
}
