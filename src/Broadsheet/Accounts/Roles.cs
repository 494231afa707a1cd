using System.Security.Claims;

namespace Broadsheet.Accounts;

/// <summary>The roles' names (claims, the API, the command line) and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Editor = "editor";
    public const string Author = "author";
    public const string Contributor = "contributor";

    /// <summary>Any signed-in role: the admin's own pages, writing one's own articles.</summary>
    public const string AnyRolePolicy = "any-role";

    /// <summary>Authors and up: uploading pictures to the media library (WordPress's upload_files).</summary>
    public const string AuthorPolicy = "authors";

    /// <summary>Editors and administrators: every article, moderation, sections, tags, authors and pages.</summary>
    public const string EditorPolicy = "editors";

    /// <summary>Administrators only: users, tokens, privacy requests.</summary>
    public const string AdministratorPolicy = "administrators";

    public static readonly IReadOnlyList<UserRole> All = Enum.GetValues<UserRole>();

    public static string Name(UserRole role) => role switch
    {
        UserRole.Administrator => Administrator,
        UserRole.Editor => Editor,
        UserRole.Author => Author,
        _ => Contributor,
    };

    /// <summary>"admin", the name before there were four roles, still means administrator.</summary>
    public static bool TryParse(string? text, out UserRole role)
    {
        (var ok, role) = text?.Trim().ToLowerInvariant() switch
        {
            Administrator or "admin" => (true, UserRole.Administrator),
            Editor => (true, UserRole.Editor),
            Author => (true, UserRole.Author),
            Contributor => (true, UserRole.Contributor),
            _ => (false, UserRole.Contributor),
        };
        return ok;
    }

    public const string NamesForMessages = "administrator, editor, author or contributor";

    /// <summary>The names of this role and every role above it, for RequireRole.</summary>
    public static string[] AtLeast(UserRole role) => [.. All.Where(r => r >= role).Select(Name)];

    /// <summary>The role a principal carries, or null when it carries none.</summary>
    public static UserRole? Of(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && TryParse(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;
}
