using Broadsheet.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin;

/// <summary>/admin/forgot: asks for an email and, where it has an account, sends a reset link; the answer is the same either way.</summary>
public sealed class ForgotPasswordPageModel(PasswordResets resets) : PageModel
{
    public bool Sent { get; private set; }
    public bool Available => resets.Available;

    public void OnGet() => ViewData["Title"] = "Forgot your password?";

    public async Task OnPostAsync(string? email, CancellationToken ct)
    {
        ViewData["Title"] = "Forgot your password?";
        await resets.SendAsync(email, ct);
        Sent = true;
    }
}
