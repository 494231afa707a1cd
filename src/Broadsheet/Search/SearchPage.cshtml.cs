using Broadsheet.Caching;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Sections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Search;

public sealed class SearchPageModel(ArticleSearch search, SearchFilters filters, SectionTreeCache sections, BroadsheetDb db) : PageModel
{
    public const int PageSize = 20;

    /// <summary>What the box shows back: the reader's text, cut to a length worth searching.</summary>
    public string Query { get; private set; } = "";
    public SearchFilterInput Filters { get; private set; } = new(null, null, null, null);
    public SearchResults? Results { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<SectionNode> Sections { get; private set; } = [];
    public IReadOnlyList<(string Slug, string Name)> Bylines { get; private set; } = [];

    /// <summary>Longer text is cut here (the page says so): nobody types more, and the engines need no more.</summary>
    public const int MaxQueryLength = 200;

    public bool Cut { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? section, string? author, string? from, string? to, int? page, CancellationToken ct)
    {
        Query = (q ?? "").Trim();
        if (Query.Length > MaxQueryLength)
        {
            Query = Query[..MaxQueryLength];
            Cut = true;
        }
        Filters = new SearchFilterInput(section, author, from, to);
        PageNumber = Math.Clamp(page ?? 1, 1, ArticleSearch.MaxOffset / PageSize + 1);
        Sections = [.. (await sections.GetAsync(ct)).All.OrderBy(s => s.Path, StringComparer.Ordinal)];
        Bylines = [.. (await db.Authors.AsNoTracking().OrderBy(a => a.Name).Take(500).Select(a => new { a.Slug, a.Name }).ToListAsync(ct)).Select(a => (a.Slug, a.Name))];
        ViewData["Title"] = Query.Length > 0 ? $"Search: {Query}" : "Search";
        PageTags.Add(HttpContext, PageTags.Search);
        var (filter, errors) = await filters.ResolveAsync(Filters, ct);
        if (errors.Any)
        {
            Errors = errors.ToDictionary();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (Query.Length > 0)
        {
            Results = await search.SearchAsync(new SearchRequest(Query, filter, (PageNumber - 1) * PageSize, PageSize), ct);
            PageTags.AddListing(HttpContext, [.. Results.Hits.Select(h => h.Article)]);
        }
        return Page();
    }

    /// <summary>This search's address on another page.</summary>
    public string PageUrl(int number) => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Query, ["section"] = Filters.Section, ["author"] = Filters.Author, ["from"] = Filters.From, ["to"] = Filters.To,
        ["page"] = number == 1 ? null : number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent() is var query ? "/search" + query : "/search";

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(' ', messages) : null;
}
