using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin;

/// <summary>
/// /admin/account: a member's own account: their password, and two-factor sign-in with an authenticator app. Each
/// change ends the member's other sessions (a new security stamp) and keeps this one.
/// </summary>
public sealed class AccountPageModel(BroadsheetDb db, AccountEditing accounts, TwoFactor twoFactor) : PageModel
{
    public User Me { get; private set; } = null!;
    public string? Message { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public TwoFactorSetup? Setup { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        await LoadAsync(ct);
        Message = done switch
        {
            "password" => "Your password is changed. Your other sessions have ended.",
            "two-factor-off" => "Two-factor sign-in is off.",
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? current, string? password, string? confirmation, CancellationToken ct)
    {
        await LoadAsync(ct);
        switch (await accounts.ChangePasswordAsync(Me.Id, current, password, confirmation, ct))
        {
            case Saved<User> saved:
                await Accounts.SignIn.SignInAsync(HttpContext, saved.Value);
                return Redirect("/admin/account?done=password");
            case Invalid<User> invalid:
                Errors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        return Page();
    }

    public async Task OnPostBeginTwoFactorAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Setup = twoFactor.Begin(Me);
    }

    public async Task<IActionResult> OnPostEnableTwoFactorAsync(string? secret, string? code, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (await twoFactor.EnableAsync(Me.Id, secret ?? "", code, ct) is not { } codes)
        {
            Setup = string.IsNullOrEmpty(secret) ? twoFactor.Begin(Me) : twoFactor.Begin(Me, secret);
            Errors = new Dictionary<string, string[]> { ["code"] = ["That code is not right. Check the time on your phone, and type the code it shows now."] };
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await LoadAsync(ct);
        await Accounts.SignIn.SignInAsync(HttpContext, Me);
        NewRecoveryCodes = codes;
        Message = "Two-factor sign-in is on.";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableTwoFactorAsync(string? current, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!AccountEditing.IsPassword(Me, current))
        {
            Errors = new Dictionary<string, string[]> { ["disable"] = ["That is not your current password."] };
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await twoFactor.DisableAsync(Me.Id, ct);
        await LoadAsync(ct);
        await Accounts.SignIn.SignInAsync(HttpContext, Me);
        return Redirect("/admin/account?done=two-factor-off");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Your account";
        var id = Actor.From(User)?.UserId ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        db.ChangeTracker.Clear();
        Me = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, ct);
    }
}
