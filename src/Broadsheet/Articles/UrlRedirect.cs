using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

/// <summary>
/// An old public path kept alive after a slug change or a merge: it answers 301 to the current URL of its article,
/// tag, byline or page, or, for a section, of the section and everything under it. Each names what it leads to (not a
/// path), so a second rename or a merge moves every old path along at once.
/// </summary>
public sealed class UrlRedirect
{
    public int Id { get; set; }

    /// <summary>Path without leading or trailing slash, e.g. "europe/old-slug".</summary>
    public required string OldPath { get; set; }

    public int? ArticleId { get; set; }
    public int? SectionId { get; set; }
    public int? TagId { get; set; }
    public int? AuthorId { get; set; }
    public int? PageId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Keeps <paramref name="redirect"/>'s old path alive; a redirect that stood at the new path goes, since live
    /// content is there now.
    /// </summary>
    public static async Task RememberAsync(BroadsheetDb db, UrlRedirect redirect, string newPath, CancellationToken ct)
    {
        // One not yet saved for the same old path (an import naming a category twice) gives way too: the last one stands.
        foreach (var pending in db.UrlRedirects.Local.Where(r => r.OldPath == redirect.OldPath || r.OldPath == newPath).ToList())
        {
            db.Entry(pending).State = EntityState.Detached;
        }
        await db.UrlRedirects.Where(r => r.OldPath == redirect.OldPath || r.OldPath == newPath).ExecuteDeleteAsync(ct);
        db.UrlRedirects.Add(redirect);
    }

    /// <summary>An article's old path, or a path under a section's old path (slug changes keep URLs alive).</summary>
    public static async Task<string?> MovedToAsync(BroadsheetDb db, ArticleQueries articles, Sections.SectionTree tree, string path, CancellationToken ct)
    {
        var prefixes = new List<string>();
        for (var end = path.Length; end > 0; end = path.LastIndexOf('/', end - 1))
        {
            prefixes.Add(path[..end]);
        }
        var redirects = await db.UrlRedirects.AsNoTracking().Where(r => prefixes.Contains(r.OldPath)).ToListAsync(ct);
        foreach (var prefix in prefixes)
        {
            var redirect = redirects.FirstOrDefault(r => r.OldPath == prefix);
            if (redirect?.ArticleId is { } articleId && prefix == path)
            {
                return await articles.PublicUrlAsync(articleId, ct);
            }
            if (redirect?.PageId is { } pageId && prefix == path)
            {
                return await db.StaticPages.Where(p => p.Id == pageId).Select(p => SitePaths.StaticPage(p.Slug)).SingleOrDefaultAsync(ct);
            }
            if (redirect?.SectionId is { } sectionId && tree.ById(sectionId) is { } section)
            {
                return SitePaths.Section(section.Path + path[prefix.Length..]);
            }
        }
        return null;
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
        redirect.HasOne<Tags.Tag>().WithMany().HasForeignKey(r => r.TagId).OnDelete(DeleteBehavior.Cascade);
        redirect.HasOne<Authors.Author>().WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.Cascade);
        redirect.HasOne<StaticPages.StaticPage>().WithMany().HasForeignKey(r => r.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}
