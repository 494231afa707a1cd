using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Accounts;

/// <summary>WordPress's four roles, in order of what they may do: each may do everything the one before it may.</summary>
public enum UserRole
{
    /// <summary>Writes their own drafts and submits them for review; cannot publish.</summary>
    Contributor = 0,

    /// <summary>Writes, publishes and edits their own articles.</summary>
    Author = 1,

    /// <summary>All content, and moderation.</summary>
    Editor = 2,

    /// <summary>Everything: users, tokens, settings, privacy requests.</summary>
    Administrator = 3,
}

/// <summary>A newsroom member who signs in to the admin; the password is stored as an ASP.NET Core Identity hash.</summary>
public sealed class User
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public UserRole Role { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Changes whenever the password or the role does: an admin cookie carries the stamp it was issued with, and a
    /// cookie whose stamp (or user) is gone is refused on its next request.
    /// </summary>
    public string SecurityStamp { get; set; } = NewStamp();

    /// <summary>The authenticator app's shared secret, encrypted with the key ring; null while two-factor sign-in is off.</summary>
    public string? TotpSecret { get; set; }

    /// <summary>The last 30-second step whose code signed in, so one code cannot be used twice.</summary>
    public long TotpLastStep { get; set; }

    /// <summary>SHA-256 hashes of the unused recovery codes, separated by spaces; each works once.</summary>
    public string RecoveryCodeHashes { get; set; } = "";

    /// <summary>Set while the member may not sign in: their sessions and API tokens stopped working when it was set.</summary>
    public DateTime? DeactivatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    /// <summary>When an invitation was last sent; cleared once the invited member has chosen a password.</summary>
    public DateTime? InvitedAt { get; set; }

    /// <summary>How an email is stored and looked up: trimmed, lower case.</summary>
    public static string NormaliseEmail(string? email) => (email ?? "").Trim().ToLowerInvariant();

    public static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.Email).HasMaxLength(254);
        user.Property(u => u.DisplayName).HasMaxLength(120);
        user.Property(u => u.SecurityStamp).HasMaxLength(32).HasDefaultValue("");
        user.Property(u => u.TotpSecret).HasMaxLength(1000);
        user.Property(u => u.RecoveryCodeHashes).HasMaxLength(1000).HasDefaultValue("");
        user.HasIndex(u => u.Email).IsUnique();
    }
}
