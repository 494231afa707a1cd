using System.Security.Claims;
using Broadsheet.Infrastructure.Db;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Accounts;

public abstract record SignInResult;

public sealed record SignedIn(User User) : SignInResult;

public sealed record WrongPassword : SignInResult;

public sealed record LockedOut(DateTime Until) : SignInResult;

/// <summary>Signing in to the admin with email and password: 5 wrong passwords lock the account for 15 minutes (PRODUCT.md).</summary>
public sealed class SignIn(BroadsheetDb db, TimeProvider clock)
{
    public const string Scheme = "AdminCookie";
    public const string CookieName = "bs_admin";

    /// <summary>The policy of the admin pages (policy names ignore case, so it must not be "admin", the API's).</summary>
    public const string Policy = "admin-pages";
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<User> Hasher = new();

    public async Task<SignInResult> CheckAsync(string? email, string? password, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var normalised = (email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalised, ct);
        if (user is null)
        {
            return new WrongPassword();
        }
        if (user.LockedUntil is { } until && until > now)
        {
            return new LockedOut(DateTime.SpecifyKind(until, DateTimeKind.Utc));
        }
        if (string.IsNullOrEmpty(password) || Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= MaxFailures)
            {
                (user.FailedSignIns, user.LockedUntil) = (0, now + LockoutPeriod);
            }
            await db.SaveChangesAsync(ct);
            return user.LockedUntil > now ? new LockedOut(now + LockoutPeriod) : new WrongPassword();
        }
        (user.FailedSignIns, user.LockedUntil) = (0, null);
        await db.SaveChangesAsync(ct);
        return new SignedIn(user);
    }

    public static ClaimsPrincipal Principal(User user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, user.Role == UserRole.Admin ? ApiAuth.Admin : ApiAuth.Editor),
        ],
        Scheme));

    public static Task SignInAsync(HttpContext http, User user) => http.SignInAsync(Scheme, Principal(user));
}
