using System.Security.Claims;
using Broadsheet.Infrastructure.Db;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Broadsheet.Infrastructure.Secrets;

namespace Broadsheet.Accounts;

public abstract record SignInResult;

public sealed record SignedIn(User User) : SignInResult;

public sealed record WrongPassword : SignInResult;

public sealed record LockedOut(DateTime Until) : SignInResult;

/// <summary>The password was right, but an administrator has deactivated the account.</summary>
public sealed record Deactivated : SignInResult;

/// <summary>
/// Signing in to the admin with email and password: 5 wrong passwords lock the account for 15 minutes (PRODUCT.md)
/// for the address they came from (<see cref="SignInFailure"/>). Every attempt costs one password hash, whether
/// or not the email has an account, and answers alike, so neither the answer nor its time tells who has one.
/// </summary>
public sealed class SignIn(BroadsheetDb db, TimeProvider clock, SiteKeys keys, TwoFactor twoFactor, ILogger<SignIn> logger)
{
    public const string Scheme = "AdminCookie";
    public const string CookieName = "bs_admin";

    /// <summary>The policy of the admin pages (policy names ignore case, so it must differ from the role policies' names).</summary>
    public const string Policy = "admin-pages";
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>Checked when there is no account, so that an unknown email costs what a known one does.</summary>
    private static readonly string NobodysHash = Hasher.HashPassword(new User { Email = "", DisplayName = "", PasswordHash = "" }, Guid.NewGuid().ToString());

    public async Task<SignInResult> CheckAsync(string? email, string? password, string? clientAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var normalised = User.NormaliseEmail(email);
        var (account, address) = (keys.Signature("sign-in-account", normalised), keys.Signature("sign-in-address", clientAddress ?? ""));
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalised, ct);
        var verified = Hasher.VerifyHashedPassword(user ?? new User { Email = "", DisplayName = "", PasswordHash = "" }, user?.PasswordHash ?? NobodysHash, password ?? "")
            != PasswordVerificationResult.Failed;
        if (await LockedUntilAsync(account, address, now, ct) is { } until)
        {
            return new LockedOut(until);
        }
        if (user is not null && verified && !string.IsNullOrEmpty(password))
        {
            if (user.DeactivatedAt is not null)
            {
                return new Deactivated();
            }
            await db.SignInFailures.Where(f => f.AccountHash == account).ExecuteDeleteAsync(ct);
            if (user.SecurityStamp.Length == 0)
            {
                // A user from before security stamps: give them one now, so their cookie can be checked.
                user.SecurityStamp = User.NewStamp();
                await db.SaveChangesAsync(ct);
            }
            return new SignedIn(user);
        }
        return await FailedAsync(account, address, now, ct) is { } lockedNow ? new LockedOut(lockedNow) : new WrongPassword();
    }

    /// <summary>
    /// The second step for a member with two-factor sign-in: the password was right (the pending cookie says whose,
    /// and with which stamp); a wrong code counts towards the same lock-out as a wrong password.
    /// </summary>
    public async Task<SignInResult> CheckSecondFactorAsync(int userId, string stamp, string? code, string? clientAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.SecurityStamp == stamp && u.DeactivatedAt == null, ct);
        if (user is null)
        {
            return new WrongPassword();
        }
        var (account, address) = (keys.Signature("sign-in-account", user.Email), keys.Signature("sign-in-address", clientAddress ?? ""));
        if (await LockedUntilAsync(account, address, now, ct) is { } until)
        {
            return new LockedOut(until);
        }
        if (await twoFactor.VerifyAsync(user.Id, code, ct))
        {
            await db.SignInFailures.Where(f => f.AccountHash == account).ExecuteDeleteAsync(ct);
            return new SignedIn(user);
        }
        return await FailedAsync(account, address, now, ct) is { } lockedNow ? new LockedOut(lockedNow) : new WrongPassword();
    }

    /// <summary>A member finished signing in: the People page shows when they last did.</summary>
    public Task RecordSignInAsync(int userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignInAt, now), ct);
    }

    public const string DeactivatedMessage = "This account has been deactivated: ask an administrator of the site.";

    private async Task<DateTime?> LockedUntilAsync(string account, string address, DateTime now, CancellationToken ct) =>
        await db.SignInFailures.AsNoTracking().Where(f => f.AccountHash == account && f.AddressHash == address && f.LockedUntil > now)
            .Select(f => f.LockedUntil).FirstOrDefaultAsync(ct) is { } until ? DateTime.SpecifyKind(until, DateTimeKind.Utc) : null;

    /// <summary>What the sign-in pages say of a lock-out: until when, in the site's time zone.</summary>
    public static string LockedMessage(LockedOut lockedOut, Site.SiteClock clock, string what) =>
        $"Too many wrong {what}: this account is locked until {clock.Local(lockedOut.Until):HH:mm} ({clock.Zone.Id}).";

    /// <summary>
    /// Counts a wrong password in one statement, so that guesses sent in parallel are each counted; the one that
    /// reaches the limit starts the lock-out.
    /// </summary>
    private async Task<DateTime?> FailedAsync(string account, string address, DateTime now, CancellationToken ct)
    {
        var staleBefore = now - LockoutPeriod;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SignInFailures" ("AccountHash", "AddressHash", "Failures", "LastFailureAt") VALUES ({account}, {address}, 1, {now})
            ON CONFLICT ("AccountHash", "AddressHash") DO UPDATE SET
              "Failures" = CASE WHEN "SignInFailures"."LastFailureAt" < {staleBefore} THEN 1 ELSE "SignInFailures"."Failures" + 1 END,
              "LastFailureAt" = {now}
            """, ct);
        var lockUntil = now + LockoutPeriod;
        var locked = await db.SignInFailures.Where(f => f.AccountHash == account && f.AddressHash == address && f.Failures >= MaxFailures)
            .ExecuteUpdateAsync(f => f.SetProperty(x => x.Failures, 0).SetProperty(x => x.LockedUntil, lockUntil), ct);
        if (locked == 0)
        {
            return null;
        }
        // A lock-out is rare: the moment to forget failures nobody has added to for a day.
        var forgetBefore = now.AddDays(-1);
        await db.SignInFailures.Where(f => f.LastFailureAt < forgetBefore).ExecuteDeleteAsync(ct);
        // Keyed hashes, shortened: enough for an operator to see one guesser at work, nothing about who they are.
        logger.LogWarning("Sign-in locked for {Minutes} minutes after {Failures} wrong passwords for account {Account} from address {Address}; other addresses may still sign in.",
            LockoutPeriod.TotalMinutes, MaxFailures, account[..8], address[..8]);
        return lockUntil;
    }

    public static ClaimsPrincipal Principal(User user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(Actor.UserIdClaim, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, Roles.Name(user.Role)),
            new Claim(StampClaim, user.SecurityStamp),
        ],
        Scheme));

    public const string StampClaim = "bs:stamp";

    /// <summary>
    /// Every request with an admin cookie asks whether its user still exists with the stamp it was issued with, so
    /// that a removed user, a changed role or a changed password ends the sessions at once (one lookup by key).
    /// </summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(StampClaim);
        var actor = principal is null ? null : Actor.From(principal);
        var valid = actor is { UserId: { } id, Role: var role }
            && stamp is { Length: > 0 }
            && await context.HttpContext.RequestServices.GetRequiredService<BroadsheetDb>().Users
                .AnyAsync(u => u.Id == id && u.SecurityStamp == stamp && u.Role == role && u.DeactivatedAt == null, context.HttpContext.RequestAborted);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    public static Task SignInAsync(HttpContext http, User user) => http.SignInAsync(Scheme, Principal(user));
}
