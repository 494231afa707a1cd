using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.StaticPages;

/// <summary>A page outside the news flow: About, Contact… served at "/{slug}/".</summary>
public sealed class StaticPage
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Slug { get; set; }
    public required string BodyMarkdown { get; set; }
    public required string BodyHtml { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string Url => SitePaths.StaticPage(Slug);
}

public sealed class StaticPageConfiguration : IEntityTypeConfiguration<StaticPage>
{
    public void Configure(EntityTypeBuilder<StaticPage> page)
    {
        page.Property(p => p.Title).HasMaxLength(300);
        page.Property(p => p.Slug).HasMaxLength(120);
        page.HasIndex(p => p.Slug).IsUnique();
        page.Ignore(p => p.Url);
    }
}
