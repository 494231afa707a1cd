using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin;

/// <summary>/admin/reset?token=…: a new password from an emailed link, which then stops working.</summary>
public sealed class ResetPasswordPageModel(PasswordResets resets, AccountEditing accounts) : PageModel
{
    public bool Valid { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(string? token, CancellationToken ct)
    {
        ViewData["Title"] = "Choose a new password";
        Valid = await resets.CheckAsync(token, ct) is not null;
        if (!Valid)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
        }
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? password, string? confirmation, CancellationToken ct)
    {
        ViewData["Title"] = "Choose a new password";
        if (await resets.CheckAsync(token, ct) is not { } userId)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        Valid = true;
        switch (await accounts.ResetPasswordAsync(userId, password, confirmation, ct))
        {
            case Saved<User>:
                return Redirect("/admin/login?reset=1");
            case Invalid<User> invalid:
                Errors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        return Page();
    }
}
