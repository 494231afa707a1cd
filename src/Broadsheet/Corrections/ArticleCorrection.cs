using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Corrections;

/// <summary>What an appended note says of the article: shown at its top (a correction) or at its foot (the others).</summary>
public enum CorrectionKind
{
    /// <summary>Something the article got wrong, put right.</summary>
    Correction,

    /// <summary>Something the article said that could be misread, made clear.</summary>
    Clarification,

    /// <summary>News since publication.</summary>
    Update,
}

/// <summary>
/// A dated correction, clarification or update appended to a published article. Never edited or deleted: a later one
/// may supersede it, and both stay on the public log (/corrections/), the later saying which it replaces.
/// </summary>
public sealed class ArticleCorrection
{
    public const int TextMaxLength = 2000;

    public int Id { get; set; }
    public int ArticleId { get; set; }
    public CorrectionKind Kind { get; set; }

    /// <summary>Plain text as the editor wrote it (paragraphs by blank lines).</summary>
    public required string Text { get; set; }

    public DateTime CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    public required string CreatedBy { get; set; }

    /// <summary>The earlier note of the same article this one replaces, if any.</summary>
    public int? SupersedesId { get; set; }
}

public sealed class ArticleCorrectionConfiguration : IEntityTypeConfiguration<ArticleCorrection>
{
    public void Configure(EntityTypeBuilder<ArticleCorrection> correction)
    {
        correction.ToTable("ArticleCorrections");
        correction.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        correction.Property(c => c.Text).HasMaxLength(ArticleCorrection.TextMaxLength);
        correction.Property(c => c.CreatedBy).HasMaxLength(120);
        correction.HasIndex(c => new { c.ArticleId, c.CreatedAt });
        correction.HasIndex(c => c.CreatedAt);
        correction.HasOne<Articles.Article>().WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
        correction.HasOne<Accounts.User>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.SetNull);
        correction.HasOne<ArticleCorrection>().WithMany().HasForeignKey(c => c.SupersedesId).OnDelete(DeleteBehavior.Restrict);
    }
}
