using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

/// <summary>
/// An old public path kept alive after a slug change: it answers 301 to the current URL of its article, or, for a
/// section, of the section and everything under it.
/// </summary>
public sealed class UrlRedirect
{
    public int Id { get; set; }

    /// <summary>Path without leading or trailing slash, e.g. "europe/old-slug".</summary>
    public required string OldPath { get; set; }

    public int? ArticleId { get; set; }
    public int? SectionId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Keeps <paramref name="redirect"/>'s old path alive; a redirect that stood at the new path goes, since live
    /// content is there now.
    /// </summary>
    public static async Task RememberAsync(BroadsheetDb db, UrlRedirect redirect, string newPath, CancellationToken ct)
    {
        await db.UrlRedirects.Where(r => r.OldPath == redirect.OldPath || r.OldPath == newPath).ExecuteDeleteAsync(ct);
        db.UrlRedirects.Add(redirect);
    }
}

public sealed class UrlRedirectConfiguration : IEntityTypeConfiguration<UrlRedirect>
{
    public void Configure(EntityTypeBuilder<UrlRedirect> redirect)
    {
        redirect.Property(r => r.OldPath).HasMaxLength(1000);
        redirect.HasIndex(r => r.OldPath).IsUnique();
        redirect.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        redirect.HasOne<Sections.Section>().WithMany().HasForeignKey(r => r.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
