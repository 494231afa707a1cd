using System.Globalization;
using System.Security.Claims;

namespace Broadsheet.Accounts;

/// <summary>
/// Who is making a change, and with which role: a signed-in user, a user's API token, or the site itself (a token
/// without a user, the CLI, the demo seeder), which acts as an administrator.
/// </summary>
public sealed record Actor(int? UserId, UserRole Role, string Name)
{
    public const string UserIdClaim = "bs:user";

    public static readonly Actor Site = new(null, UserRole.Administrator, "Broadsheet");

    public bool AtLeast(UserRole role) => Role >= role;

    /// <summary>Whether this actor is the user with this id (the site owns nothing).</summary>
    public bool Is(int? userId) => UserId is { } id && id == userId;

    public static Actor? From(ClaimsPrincipal principal)
    {
        if (Roles.Of(principal) is not { } role)
        {
            return null;
        }
        int? userId = int.TryParse(principal.FindFirstValue(UserIdClaim), CultureInfo.InvariantCulture, out var id) ? id : null;
        return new Actor(userId, role, principal.Identity?.Name ?? "");
    }
}
