using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Infrastructure.Secrets;

/// <summary>A secret every node of the site must share (the site key), kept in the database they share.</summary>
public sealed class SiteSecret
{
    public required string Name { get; init; }
    public required byte[] Value { get; init; }
}

public sealed class SiteSecretConfiguration : IEntityTypeConfiguration<SiteSecret>
{
    public void Configure(EntityTypeBuilder<SiteSecret> secret)
    {
        secret.HasKey(s => s.Name);
        secret.Property(s => s.Name).HasMaxLength(100);
    }
}
