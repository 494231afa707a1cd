using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tags;

public sealed class TagPageModel(BroadsheetDb db, ArticleQueries articles, Terms.TermEditing terms) : PageModel
{
    // Set by OnGetAsync before the page renders; the page is never rendered without it.
    public Tag Tag { get; private set; } = null!;
    public Paged<ArticleCard> Articles { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(string slug, string? after, CancellationToken ct)
    {
        if (await db.Tags.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, ct) is not { } tag)
        {
            return await terms.MovedToAsync(Terms.TermKind.Tag, slug, ct) is { } moved ? RedirectPermanent(moved) : NotFound();
        }
        Tag = tag;
        Articles = await articles.ListPublicAsync(new ArticleFilter(TagId: tag.Id), KeysetCursor.FromQuery(after), 20, ct);
        ViewData["Title"] = tag.Name;
        ViewData[Feeds.FeedEndpoints.PageFeedKey] = (tag.Name, $"{SitePaths.Tag(tag.Slug)}feed/");
        Discovery.StructuredData.Add(ViewData, Discovery.StructuredData.CollectionPage(tag.Name, SitePaths.Tag(tag.Slug), Request));
        PageTags.Add(HttpContext, PageTags.TagListing(tag.Id));
        PageTags.AddListing(HttpContext, Articles.Items);
        return Page();
    }
}
