using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

public sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> article)
    {
        article.Property(a => a.Title).HasMaxLength(ArticleInput.TitleMaxLength);
        article.Property(a => a.Slug).HasMaxLength(200);
        article.Property(a => a.Dek).HasMaxLength(ArticleInput.DekMaxLength);
        article.HasIndex(a => a.Slug).IsUnique();
        // The public listings: newest first, per section or site-wide (keyset on PublishedAt, Id).
        article.HasIndex(a => new { a.SectionId, a.Status, a.PublishedAt, a.Id });
        article.HasIndex(a => new { a.Status, a.PublishedAt, a.Id });
        article.HasOne(a => a.Section).WithMany().HasForeignKey(a => a.SectionId).OnDelete(DeleteBehavior.Restrict);
        article.HasMany(a => a.Authors).WithMany().UsingEntity("ArticleAuthors");
        article.HasMany(a => a.Tags).WithMany().UsingEntity("ArticleTags");
    }
}
