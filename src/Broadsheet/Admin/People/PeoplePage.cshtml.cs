using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.People;

/// <summary>
/// /admin/users: the newsroom's members with their role, whether they are active, invited or deactivated, and when
/// they last signed in; inviting a new member; and the API tokens that belong to no member (the bootstrap token, the
/// command line's).
/// </summary>
[Authorize(Policy = Roles.AdministratorPolicy)]
public sealed class PeoplePageModel(AccountEditing accounts, PasswordResets links) : PageModel
{
    public IReadOnlyList<PersonSummary> People { get; private set; } = [];
    public IReadOnlyList<TokenSummary> SiteTokens { get; private set; } = [];
    public string? Message { get; private set; }

    /// <summary>Shown once after an invitation the site could not email: the administrator passes it on.</summary>
    public string? InvitationLink { get; private set; }

    /// <summary>The invitation form's values, shown again when something was refused.</summary>
    public Invitation Input { get; private set; } = new();

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Message = done == "revoked" ? "The token was revoked: it stopped working at once." : null;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? name, string? role, CancellationToken ct)
    {
        Input = new Invitation { Email = email, Name = name, Role = Roles.TryParse(role, out var parsed) ? parsed : (UserRole)(-1) };
        switch (await accounts.InviteAsync(Input, ct))
        {
            case Saved<User> { Value: var user }:
                if (links.SendInvitation(user, Actor.From(User)?.Name ?? "An administrator"))
                {
                    return Redirect($"/admin/users/{user.Id}?done=invited");
                }
                InvitationLink = links.InvitationLink(user);
                Message = InvitationLink is null
                    ? $"{user.Email} was added, but the site has no public address (Broadsheet__Site__BaseUrl) to build an invitation link on: set one, then send the invitation again from their page."
                    : $"{user.Email} was added. The site cannot send email, so send them this link yourself; it works for a week, once:";
                Input = new Invitation();
                await LoadAsync(ct);
                return Page();
            case Invalid<User> invalid:
                await LoadAsync(ct);
                return this.Unprocessable(invalid.Errors);
            default:
                return BadRequest();
        }
    }

    public async Task<IActionResult> OnPostRevokeAsync(int token, CancellationToken ct)
    {
        if ((await accounts.TokensOfAsync(null, ct)).All(t => t.Id != token))
        {
            return NotFound();
        }
        await accounts.RevokeTokenAsync(token, ct);
        return Redirect("/admin/users?done=revoked");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "People";
        People = await accounts.PeopleAsync(ct);
        SiteTokens = await accounts.TokensOfAsync(null, ct);
    }
}
