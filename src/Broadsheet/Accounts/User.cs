using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Accounts;

public enum UserRole
{
    Editor = 0,
    Admin = 1,
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
}

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.Email).HasMaxLength(254);
        user.Property(u => u.DisplayName).HasMaxLength(120);
        user.HasIndex(u => u.Email).IsUnique();
    }
}
