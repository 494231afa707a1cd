using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Accounts;

/// <summary>
/// Wrong passwords for one email from one client address, both as keyed hashes (no email or address is stored in
/// the clear). Counting per address means a guesser locks only themselves out: the editor at another address
/// signs in as usual. Emails with no account are counted the same way, so a lock-out says nothing of who exists.
/// </summary>
public sealed class SignInFailure
{
    public required string AccountHash { get; set; }
    public required string AddressHash { get; set; }
    public int Failures { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime LastFailureAt { get; set; }
}

public sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> failure)
    {
        failure.HasKey(f => new { f.AccountHash, f.AddressHash });
        failure.Property(f => f.AccountHash).HasMaxLength(64);
        failure.Property(f => f.AddressHash).HasMaxLength(64);
        failure.HasIndex(f => f.LastFailureAt);
    }
}
