using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

/// <summary>The article as one save left it: every save adds one, so any version can be compared or restored.</summary>
public sealed class ArticleRevision
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int Version { get; set; }
    public required string Title { get; set; }
    public string? Dek { get; set; }
    public required string BodyMarkdown { get; set; }

    /// <summary>The status name the save left (draft, scheduled, published), as the API says it.</summary>
    public required string Status { get; set; }

    public DateTime SavedAt { get; set; }
    public int? SavedById { get; set; }
    public required string SavedBy { get; set; }
}

public sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> revision)
    {
        revision.Property(r => r.Title).HasMaxLength(ArticleInput.TitleMaxLength);
        revision.Property(r => r.Dek).HasMaxLength(ArticleInput.DekMaxLength);
        revision.Property(r => r.Status).HasMaxLength(20);
        revision.Property(r => r.SavedBy).HasMaxLength(120);
        revision.HasIndex(r => new { r.ArticleId, r.Version }).IsUnique();
        revision.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        revision.HasOne<Accounts.User>().WithMany().HasForeignKey(r => r.SavedById).OnDelete(DeleteBehavior.SetNull);
    }
}
