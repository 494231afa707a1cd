using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Popular;
using Broadsheet.Sections;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Site;

/// <summary>
/// Every URL made of slugs: a section ("/europe/russia/"), an article ("/europe/russia/slug/"), a static page
/// ("/about/"), or an old URL kept alive by a redirect. Sections win over articles over pages; the editing rules
/// keep their slugs apart so the order rarely matters.
/// </summary>
public sealed class PathPageModel(SectionTreeCache sections, ArticleQueries articles, BroadsheetDb db) : PageModel
{
    public SectionFront? Section { get; private set; }
    public ArticleDisplay? Article { get; private set; }
    public StaticPage? StaticPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? path, string? after, CancellationToken ct)
    {
        var trimmed = (path ?? "").Trim('/');
        if (trimmed.Length == 0)
        {
            return NotFound();
        }
        if (Request.Path.Value?.EndsWith('/') != true)
        {
            return RedirectPermanent($"{Request.PathBase}{Request.Path}/{Request.QueryString}");
        }
        var tree = await sections.GetAsync(ct);
        if (tree.ByPath(trimmed) is { } section)
        {
            var listing = await articles.ListPublicAsync(new ArticleFilter(tree.SubtreeIds(section.Id)), KeysetCursor.FromQuery(after), 20, ct);
            Section = new SectionFront(section, [.. tree.Children(section.Id)], listing, Breadcrumb.Through(tree.Trail(section.Id).SkipLast(1), section.Name));
            ViewData["Title"] = section.Name;
            return Page();
        }
        var lastSlash = trimmed.LastIndexOf('/');
        if (lastSlash > 0 && await articles.FindPublicAsync(trimmed[..lastSlash], trimmed[(lastSlash + 1)..], ct) is { } article)
        {
            Article = new ArticleDisplay(article, Breadcrumb.Through(tree.Trail(article.SectionId), article.Title));
            ViewData["Title"] = article.Title;
            ViewData["Description"] = article.Dek;
            Response.Headers[ViewCounting.ArticleHeader] = article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        if (lastSlash < 0 && await db.StaticPages.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == trimmed, ct) is { } page)
        {
            StaticPage = page;
            ViewData["Title"] = page.Title;
            return Page();
        }
        return await RedirectedUrlAsync(trimmed, tree, ct) is { } target ? RedirectPermanent(target) : NotFound();
    }

    /// <summary>An article's old path, or a path under a section's old path (slug changes keep URLs alive).</summary>
    private async Task<string?> RedirectedUrlAsync(string path, SectionTree tree, CancellationToken ct)
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
            if (redirect?.SectionId is { } sectionId && tree.ById(sectionId) is { } section)
            {
                return SitePaths.Section(section.Path + path[prefix.Length..]);
            }
        }
        return null;
    }
}
