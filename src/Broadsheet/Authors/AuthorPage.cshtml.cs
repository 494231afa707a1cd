using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Authors;

public sealed class AuthorPageModel(BroadsheetDb db, ArticleQueries articles, Terms.TermEditing terms) : PageModel
{
    // Set by OnGetAsync before the page renders; the page is never rendered without it.
    public Author Author { get; private set; } = null!;
    public Paged<ArticleCard> Articles { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(string slug, string? after, CancellationToken ct)
    {
        if (await db.Authors.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, ct) is not { } author)
        {
            return await terms.MovedToAsync(Terms.TermKind.Author, slug, ct) is { } moved ? RedirectPermanent(moved) : NotFound();
        }
        Author = author;
        Articles = await articles.ListPublicAsync(new ArticleFilter(AuthorId: author.Id), KeysetCursor.FromQuery(after), 20, ct);
        ViewData["Title"] = author.Name;
        ViewData[Feeds.FeedEndpoints.PageFeedKey] = (author.Name, $"{SitePaths.Author(author.Slug)}feed/");
        Discovery.StructuredData.Add(ViewData, Discovery.StructuredData.Person(author.Name, SitePaths.Author(author.Slug), author.Bio, Request));
        PageTags.Add(HttpContext, PageTags.AuthorListing(author.Id), PageTags.ShowsAuthor(author.Id));
        PageTags.AddListing(HttpContext, Articles.Items);
        return Page();
    }
}
