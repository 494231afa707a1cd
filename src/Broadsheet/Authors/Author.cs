using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Authors;

public sealed class Author : Terms.ITerm
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string? Bio { get; set; }

    public string Url => SitePaths.Author(Slug);
}

public sealed class AuthorConfiguration : IEntityTypeConfiguration<Author>
{
    public void Configure(EntityTypeBuilder<Author> author)
    {
        author.Property(a => a.Name).HasMaxLength(120);
        author.Property(a => a.Slug).HasMaxLength(120);
        author.Property(a => a.Bio).HasMaxLength(2000);
        author.HasIndex(a => a.Slug).IsUnique();
        author.Ignore(a => a.Url);
    }
}
