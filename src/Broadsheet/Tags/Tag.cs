using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Tags;

public sealed class Tag : Terms.ITerm
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }

    public string Url => SitePaths.Tag(Slug);
}

public sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> tag)
    {
        tag.Property(t => t.Name).HasMaxLength(120);
        tag.Property(t => t.Slug).HasMaxLength(120);
        tag.HasIndex(t => t.Slug).IsUnique();
        tag.Ignore(t => t.Url);
    }
}
