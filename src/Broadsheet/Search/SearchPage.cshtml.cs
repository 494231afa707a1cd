using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Infrastructure.Paging;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Search;

public sealed class SearchPageModel(ArticleQueries articles) : PageModel
{
    public string Query { get; private set; } = "";
    public Paged<ArticleCard> Results { get; private set; } = new([], null);

    public async Task OnGetAsync(string? q, string? after, CancellationToken ct)
    {
        Query = (q ?? "").Trim();
        if (Query.Length > 200)
        {
            Query = Query[..200];
        }
        if (Query.Length > 0)
        {
            Results = await articles.ListPublicAsync(new ArticleFilter(Text: Query), KeysetCursor.FromQuery(after), 20, ct);
        }
        ViewData["Title"] = Query.Length > 0 ? $"Search: {Query}" : "Search";
        PageTags.Add(HttpContext, PageTags.Search);
        PageTags.AddListing(HttpContext, Results.Items);
    }
}
