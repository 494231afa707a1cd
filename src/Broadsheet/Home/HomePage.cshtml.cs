using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Sections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Home;

public sealed record SectionBlock(SectionNode Section, IReadOnlyList<ArticleCard> Articles);

/// <summary>The front page: the lead story, the latest stories, and the latest of each top-level section.</summary>
public sealed class HomePageModel(ArticleQueries articles, SectionTreeCache sections, Infrastructure.Db.BroadsheetDb db) : PageModel
{
    public ArticleCard? Lead { get; private set; }
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];
    public IReadOnlyList<SectionBlock> Blocks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Request.QueryString.HasValue && await Import.WordPressLinks.MovedToAsync(Request.Query, db, articles, ct) is { } moved)
        {
            return RedirectPermanent(moved);
        }
        Discovery.StructuredData.Add(ViewData, Discovery.StructuredData.WebSite(Request));
        // Pinned stories lead, newest pinned first; then the latest by date.
        var pinned = await articles.ListPublicAsync(new ArticleFilter(PinnedOnly: true), null, 7, ct);
        var newest = await articles.ListPublicAsync(new ArticleFilter(), null, 7, ct);
        List<ArticleCard> latest = [.. pinned.Items.Concat(newest.Items).DistinctBy(a => a.Id).Take(7)];
        Lead = latest.Count > 0 ? latest[0] : null;
        Latest = [.. latest.Skip(1)];
        var tree = await sections.GetAsync(ct);
        var blocks = new List<SectionBlock>();
        foreach (var section in tree.TopLevel)
        {
            var page = await articles.ListPublicAsync(new ArticleFilter(tree.SubtreeIds(section.Id)), null, 4, ct);
            if (page.Items.Count > 0)
            {
                blocks.Add(new SectionBlock(section, page.Items));
            }
        }
        Blocks = blocks;
        PageTags.Add(HttpContext, PageTags.Home);
        PageTags.AddListing(HttpContext, [.. latest, .. blocks.SelectMany(b => b.Articles)]);
        return Page();
    }
}
