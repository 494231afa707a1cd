using Broadsheet.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.People;

/// <summary>
/// /admin/users/{id}: one member — change their role, deactivate or reactivate them, send a new invitation — and
/// their API tokens: create one (its secret shown once), see them all, revoke one. Nobody can demote or deactivate
/// the site's last active administrator, nor themselves.
/// </summary>
[Authorize(Policy = Roles.AdministratorPolicy)]
public sealed class PersonPageModel(AccountEditing accounts, PasswordResets links) : PageModel
{
    public PersonSummary Person { get; private set; } = null!;
    public IReadOnlyList<TokenSummary> Tokens { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Problem { get; private set; }

    /// <summary>A new token's secret, shown in the answer to its creation and never again.</summary>
    public string? NewSecret { get; private set; }
    public string? InvitationLink { get; private set; }

    public bool IsMe => Actor.From(User)?.Is(Person.Id) == true;

    public static readonly IReadOnlyList<(string Value, string Label)> Lifetimes =
        [("30", "30 days"), ("90", "90 days"), ("365", "a year"), ("never", "never")];

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Message = done switch
        {
            "invited" => $"The invitation was emailed to {Person.Email}; it works for a week.",
            "role" => "The role was changed: their sessions ended, and their tokens do no more than the new role allows.",
            "deactivated" => "Deactivated: their sessions and tokens stopped working at once.",
            "reactivated" => "Reactivated: they can sign in again.",
            "revoked" => "The token was revoked: it stopped working at once.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(int id, string? role, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!Roles.TryParse(role, out var newRole))
        {
            return Refuse("Please choose a role.", StatusCodes.Status422UnprocessableEntity);
        }
        if (newRole != UserRole.Administrator && await accounts.IsLastAdministratorAsync(id, ct))
        {
            return Refuse("This is the site's only active administrator: make someone else an administrator first.", StatusCodes.Status409Conflict);
        }
        if (IsMe && newRole != Person.Role)
        {
            return Refuse("You cannot change your own role: ask another administrator.", StatusCodes.Status409Conflict);
        }
        await accounts.ChangeRoleAsync(Person.Email, newRole, ct);
        return Redirect($"/admin/users/{id}?done=role");
    }

    public async Task<IActionResult> OnPostActiveAsync(int id, bool active, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!active && IsMe)
        {
            return Refuse("You cannot deactivate yourself.", StatusCodes.Status409Conflict);
        }
        if (!active && await accounts.IsLastAdministratorAsync(id, ct))
        {
            return Refuse("This is the site's only active administrator: make someone else an administrator first.", StatusCodes.Status409Conflict);
        }
        await accounts.SetActiveAsync(id, active, ct);
        return Redirect($"/admin/users/{id}?done={(active ? "reactivated" : "deactivated")}");
    }

    public async Task<IActionResult> OnPostInviteAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (await accounts.RenewInvitationAsync(id, ct) is not { } user)
        {
            return Refuse("Only a member who has not accepted their invitation can be sent a new one.", StatusCodes.Status409Conflict);
        }
        if (links.SendInvitation(user, Actor.From(User)?.Name ?? "An administrator"))
        {
            return Redirect($"/admin/users/{id}?done=invited");
        }
        InvitationLink = links.InvitationLink(user);
        Message = InvitationLink is null
            ? "The site has no public address (Broadsheet__Site__BaseUrl) to build an invitation link on."
            : "The site cannot send email, so send them this link yourself; it works for a week, once (earlier links no longer work):";
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(int id, string? name, string? role, string? lifetime, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var errors = new Infrastructure.Problems.FieldErrors();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 120)
        {
            errors.Add("name", "Please name the token (at most 120 characters), e.g. the tool that will use it.");
        }
        if (!Roles.TryParse(role, out var tokenRole))
        {
            errors.Add("role", "Please choose a role.");
        }
        else if (tokenRole > Person.Role)
        {
            errors.Add("role", $"A token can do no more than its member: at most {Roles.Name(Person.Role)}.");
        }
        TimeSpan? life = lifetime switch
        {
            "never" => null,
            _ when int.TryParse(lifetime, out var days) && Lifetimes.Any(l => l.Value == lifetime) => TimeSpan.FromDays(days),
            _ => TimeSpan.Zero,
        };
        if (life == TimeSpan.Zero)
        {
            errors.Add("lifetime", "Please choose how long it works.");
        }
        if (!Person.IsActive)
        {
            errors.Add("name", "A deactivated member's tokens do not work: reactivate them first.");
        }
        if (errors.Any)
        {
            return Infrastructure.Problems.ModelStateErrors.Unprocessable(this, errors.ToDictionary());
        }
        NewSecret = await accounts.CreateTokenAsync(name!.Trim(), tokenRole, id, life, ct);
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, int token, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Tokens.All(t => t.Id != token))
        {
            return NotFound();
        }
        await accounts.RevokeTokenAsync(token, ct);
        return Redirect($"/admin/users/{id}?done=revoked");
    }

    private PageResult Refuse(string problem, int status)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await accounts.PersonAsync(id, ct) is not { } person)
        {
            return false;
        }
        Person = person;
        Tokens = await accounts.TokensOfAsync(id, ct);
        ViewData["Title"] = person.DisplayName;
        return true;
    }
}
