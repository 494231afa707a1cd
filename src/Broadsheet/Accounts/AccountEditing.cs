using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Accounts;

public sealed record TokenSummary(int Id, string Name, UserRole Role, int? UserId, string? UserEmail, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt);

public sealed record NewUser
{
    [Required(ErrorMessage = "Please give an email address."), EmailAddress(ErrorMessage = "That is not an email address.")]
    public string? Email { get; init; }

    [Required(ErrorMessage = "Please give a password."), MinLength(12, ErrorMessage = "The password must be at least 12 characters.")]
    public string? Password { get; init; }

    public string? Name { get; init; }

    public UserRole Role { get; init; } = UserRole.Editor;
}

/// <summary>A member as the People page lists them.</summary>
public sealed record PersonSummary(
    int Id, string Email, string DisplayName, UserRole Role, DateTime CreatedAt, DateTime? LastSignInAt, DateTime? InvitedAt, DateTime? DeactivatedAt,
    int ActiveTokens, bool TwoFactor)
{
    public bool IsActive => DeactivatedAt is null;

    /// <summary>Invited and has not chosen a password yet.</summary>
    public bool IsInvited => InvitedAt is not null;
}

public sealed record Invitation
{
    [Required(ErrorMessage = "Please give an email address."), EmailAddress(ErrorMessage = "That is not an email address.")]
    public string? Email { get; init; }

    [StringLength(120, ErrorMessage = "A name has at most 120 characters.")]
    public string? Name { get; init; }

    public UserRole Role { get; init; } = UserRole.Author;
}

/// <summary>Users and API tokens: the People page, the CLI and the bootstrap settings at start-up.</summary>
public sealed class AccountEditing(BroadsheetDb db, TimeProvider clock, Audit.AuditLog audit)
{
    private static readonly PasswordHasher<User> Hasher = new();

    public async Task<EditResult<User>> AddUserAsync(NewUser input, CancellationToken ct)
    {
        var errors = Validation.Errors(input);
        if (errors.Count > 0 || input is not { Email: { } rawEmail, Password: { } password })
        {
            return new Invalid<User>(errors);
        }
        var email = User.NormaliseEmail(rawEmail);
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
        {
            return new Invalid<User>(new Dictionary<string, string[]> { ["email"] = ["A user with this email already exists."] });
        }
        var user = new User
        {
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(input.Name) ? email : input.Name.Trim(),
            PasswordHash = "",
            Role = input.Role,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(Audit.AuditActions.UserAdded, $"{user.Email} ({Roles.Name(user.Role)})", null, ct);
        return new Saved<User>(user);
    }

    /// <summary>
    /// A new member with no usable password until they follow their invitation link (<see cref="PasswordResets.InvitationLink"/>).
    /// </summary>
    public async Task<EditResult<User>> InviteAsync(Invitation input, CancellationToken ct)
    {
        var errors = Validation.Errors(input);
        if (errors.Count > 0 || input.Email is not { } rawEmail)
        {
            return new Invalid<User>(errors);
        }
        if (!Enum.IsDefined(input.Role))
        {
            return new Invalid<User>(new Dictionary<string, string[]> { ["role"] = ["Please choose a role."] });
        }
        var email = User.NormaliseEmail(rawEmail);
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
        {
            return new Invalid<User>(new Dictionary<string, string[]> { ["email"] = ["A member with this email already exists."] });
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Email = email, DisplayName = string.IsNullOrWhiteSpace(input.Name) ? email : input.Name.Trim(), PasswordHash = "", Role = input.Role,
            CreatedAt = now, InvitedAt = now,
        };
        // Nobody knows this password: the invitation link sets the real one.
        user.PasswordHash = Hasher.HashPassword(user, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(Audit.AuditActions.UserInvited, $"{user.Email} ({Roles.Name(user.Role)})", $"/admin/users/{user.Id}", ct);
        return new Saved<User>(user);
    }

    /// <summary>A new invitation link for someone who has not accepted yet: the earlier link stops working.</summary>
    public async Task<User?> RenewInvitationAsync(int userId, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.InvitedAt != null && u.DeactivatedAt == null, ct);
        if (user is not null)
        {
            user.InvitedAt = clock.GetUtcNow().UtcDateTime;
            user.SecurityStamp = User.NewStamp();
            await db.SaveChangesAsync(ct);
        }
        return user;
    }

    /// <summary>The invited member chose a password: the link is spent and they are a member like any other.</summary>
    public async Task<EditResult<User>> AcceptInvitationAsync(int userId, string? password, string? confirmation, CancellationToken ct)
    {
        var result = await ResetPasswordAsync(userId, password, confirmation, ct);
        if (result is Saved<User> { Value: var user })
        {
            user.InvitedAt = null;
            await db.SaveChangesAsync(ct);
        }
        return result;
    }

    public Task<IReadOnlyList<PersonSummary>> PeopleAsync(CancellationToken ct) => PeopleAsync(null, ct);

    /// <summary>One member as the People page shows them; null when there is no such member.</summary>
    public async Task<PersonSummary?> PersonAsync(int id, CancellationToken ct) => (await PeopleAsync(id, ct)).SingleOrDefault();

    private async Task<IReadOnlyList<PersonSummary>> PeopleAsync(int? only, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Users.AsNoTracking().Where(u => only == null || u.Id == only)
            .OrderBy(u => u.DeactivatedAt != null).ThenBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new PersonSummary(u.Id, u.Email, u.DisplayName, u.Role, u.CreatedAt, u.LastSignInAt, u.InvitedAt, u.DeactivatedAt,
                db.ApiTokens.Count(t => t.UserId == u.Id && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now)), u.TotpSecret != null))
            .ToListAsync(ct);
    }

    /// <summary>Why this member may not lose the administrator role or be deactivated: the site would have no active administrator left.</summary>
    public async Task<bool> IsLastAdministratorAsync(int userId, CancellationToken ct) =>
        await db.Users.AnyAsync(u => u.Id == userId && u.Role == UserRole.Administrator && u.DeactivatedAt == null, ct)
        && !await db.Users.AnyAsync(u => u.Id != userId && u.Role == UserRole.Administrator && u.DeactivatedAt == null, ct);

    /// <summary>
    /// Deactivates (or reactivates) a member: their sessions end on their next request (a new security stamp) and their
    /// tokens stop at once (checked on every request); nothing they wrote changes. A reactivated member signs in again.
    /// </summary>
    public async Task<User?> SetActiveAsync(int userId, bool active, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || (user.DeactivatedAt is null) == active)
        {
            return user;
        }
        user.DeactivatedAt = active ? null : clock.GetUtcNow().UtcDateTime;
        user.SecurityStamp = User.NewStamp();
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(active ? Audit.AuditActions.UserReactivated : Audit.AuditActions.UserDeactivated, user.Email, $"/admin/users/{user.Id}", ct);
        return user;
    }

    /// <summary>A member's own tokens, newest first, never their secrets.</summary>
    public async Task<IReadOnlyList<TokenSummary>> TokensOfAsync(int? userId, CancellationToken ct) =>
        [.. (await TokensWhereAsync(t => t.UserId == userId, ct)).Reverse()];

    /// <summary>Makes sure a user with this email exists, with this password (the bootstrap admin).</summary>
    public async Task EnsureUserAsync(string email, string password, UserRole role, CancellationToken ct)
    {
        var normalised = User.NormaliseEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalised, ct);
        if (user is null)
        {
            if (await AddUserAsync(new NewUser { Email = normalised, Password = password, Role = role }, ct) is Invalid<User> invalid)
            {
                throw new InvalidOperationException("The bootstrap admin is not valid: " + string.Join(" ", invalid.Errors.SelectMany(e => e.Value)));
            }
            return;
        }
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            user.PasswordHash = Hasher.HashPassword(user, password);
            user.SecurityStamp = User.NewStamp();
        }
        if (user.Role != role)
        {
            user.Role = role;
            user.SecurityStamp = User.NewStamp();
        }
        await db.SaveChangesAsync(ct);
    }

    public const int MinimumPasswordLength = 12;

    /// <summary>A member changing their own password: the current one first, then the new one twice. Other sessions end.</summary>
    public async Task<EditResult<User>> ChangePasswordAsync(int userId, string? current, string? next, string? confirmation, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        var errors = new FieldErrors();
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
        {
            errors.Add("current", "That is not your current password.");
        }
        CheckNewPassword(errors, next, confirmation);
        if (errors.Any)
        {
            return new Invalid<User>(errors.ToDictionary());
        }
        await SetPasswordAsync(user, next!, ct);
        return new Saved<User>(user);
    }

    /// <summary>A new password without the old one: the CLI's reset-password, or an emailed reset link that was checked.</summary>
    public async Task<EditResult<User>> ResetPasswordAsync(int userId, string? next, string? confirmation, CancellationToken ct)
    {
        var errors = new FieldErrors();
        CheckNewPassword(errors, next, confirmation);
        if (errors.Any)
        {
            return new Invalid<User>(errors.ToDictionary());
        }
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) is not { } user)
        {
            return new Missing<User>();
        }
        await SetPasswordAsync(user, next!, ct);
        return new Saved<User>(user);
    }

    public static bool IsPassword(User user, string? password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "") != PasswordVerificationResult.Failed;

    public async Task<User?> FindByEmailAsync(string email, CancellationToken ct)
    {
        var normalised = User.NormaliseEmail(email);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == normalised, ct);
    }

    public async Task<User?> FindByIdAsync(int id, CancellationToken ct) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);

    private static void CheckNewPassword(FieldErrors errors, string? next, string? confirmation)
    {
        if (string.IsNullOrEmpty(next) || next.Length < MinimumPasswordLength)
        {
            errors.Add("password", $"The password must be at least {MinimumPasswordLength} characters.");
        }
        else if (next != confirmation)
        {
            errors.Add("confirmation", "The two passwords are not the same.");
        }
    }

    private async Task SetPasswordAsync(User user, string password, CancellationToken ct)
    {
        user.PasswordHash = Hasher.HashPassword(user, password);
        user.SecurityStamp = User.NewStamp();
        // An invited member who chose a password by any link (or had one set) has joined.
        user.InvitedAt = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Gives a user another role; their admin sessions end, and their tokens do no more than the new role allows.</summary>
    public async Task<User?> ChangeRoleAsync(string email, UserRole role, CancellationToken ct)
    {
        var normalised = User.NormaliseEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalised, ct);
        if (user is null)
        {
            return null;
        }
        if (user.Role != role)
        {
            var before = user.Role;
            user.Role = role;
            user.SecurityStamp = User.NewStamp();
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(Audit.AuditActions.RoleChanged, $"{user.Email}: {Roles.Name(before)} → {Roles.Name(role)}", null, ct);
        }
        return user;
    }

    /// <summary>Removes a user: their admin sessions end on their next request and their API tokens go with them.</summary>
    public async Task<bool> RemoveUserAsync(string email, CancellationToken ct)
    {
        var normalised = User.NormaliseEmail(email);
        if (await db.Users.Where(u => u.Email == normalised).ExecuteDeleteAsync(ct) == 0)
        {
            return false;
        }
        await audit.RecordAsync(Audit.AuditActions.UserRemoved, normalised, null, ct);
        return true;
    }

    /// <summary>Every token, never its secret, with its user's email (the API and `token list` show the same).</summary>
    public Task<IReadOnlyList<TokenSummary>> TokensAsync(CancellationToken ct) => TokensWhereAsync(t => true, ct);

    private async Task<IReadOnlyList<TokenSummary>> TokensWhereAsync(System.Linq.Expressions.Expression<Func<ApiToken, bool>> which, CancellationToken ct) =>
        await db.ApiTokens.AsNoTracking().Where(which).OrderBy(t => t.Id)
            .Select(t => new TokenSummary(t.Id, t.Name, t.Role, t.UserId, db.Users.Where(u => u.Id == t.UserId).Select(u => u.Email).FirstOrDefault(),
                t.CreatedAt, t.ExpiresAt, t.RevokedAt))
            .ToListAsync(ct);

    /// <summary>Revokes a token at once; false when there is no such token. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeTokenAsync(int id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null).ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), ct) > 0)
        {
            await audit.RecordAsync(Audit.AuditActions.TokenRevoked, $"token #{id}", null, ct);
            return true;
        }
        return await db.ApiTokens.AnyAsync(t => t.Id == id, ct);
    }

    /// <summary>Creates a token and returns its secret, which is never stored and cannot be shown again.</summary>
    public async Task<string> CreateTokenAsync(string name, UserRole role, int? userId, TimeSpan? lifetime, CancellationToken ct)
    {
        var secret = "bs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await SaveTokenAsync(name, secret, role, userId, lifetime, ct);
        await audit.RecordAsync(Audit.AuditActions.TokenCreated, $"{name} ({Roles.Name(role)})", null, ct);
        return secret;
    }

    /// <summary>Makes sure a token with this secret exists (Broadsheet__BootstrapToken).</summary>
    public async Task EnsureTokenAsync(string name, string secret, UserRole role, CancellationToken ct)
    {
        var hash = ApiAuth.HashSecret(secret);
        if (!await db.ApiTokens.AnyAsync(t => t.SecretHash == hash, ct))
        {
            await SaveTokenAsync(name, secret, role, null, null, ct);
        }
    }

    private async Task SaveTokenAsync(string name, string secret, UserRole role, int? userId, TimeSpan? lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.ApiTokens.Add(new ApiToken
        {
            Name = name, SecretHash = ApiAuth.HashSecret(secret), Role = role, UserId = userId, CreatedAt = now, ExpiresAt = now + lifetime,
        });
        await db.SaveChangesAsync(ct);
    }
}
