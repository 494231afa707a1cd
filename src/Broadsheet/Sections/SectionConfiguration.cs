using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Sections;

public sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> section)
    {
        section.Property(s => s.Name).HasMaxLength(120);
        section.Property(s => s.Slug).HasMaxLength(120);
        section.Property(s => s.Path).HasMaxLength(1000);
        section.HasIndex(s => s.Path).IsUnique();
        section.HasOne(s => s.Parent).WithMany().HasForeignKey(s => s.ParentId).OnDelete(DeleteBehavior.Restrict);
        section.Ignore(s => s.Url);
    }
}
