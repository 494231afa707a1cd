using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Search;

/// <summary>A hit as the API answers it: <c>snippet</c> is HTML (the text encoded, matched words in &lt;mark&gt;).</summary>
public sealed record SearchHitResource(
    int Id, string Title, string? Dek, string Url, string Section, DateTime PublishedAt, IReadOnlyList<string> Authors, string Snippet);

/// <summary>The list shape with what was searched: <c>query</c> the words and phrases as the engine took them, <c>shortened</c> when some were left out.</summary>
public sealed record SearchList(IReadOnlyList<SearchHitResource> Items, string? Next, string Query, bool Shortened);

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Search").MapGet("/search", Search).WithName("Search");
        return app;
    }

    /// <summary><c>?q=</c> (required) with <c>section</c> and <c>author</c> slugs, <c>from</c> and <c>to</c> days (yyyy-MM-dd), <c>cursor</c> and <c>limit</c>.</summary>
    private static async Task<Results<Ok<SearchList>, ProblemHttpResult>> Search(
        string? q, string? section, string? author, string? from, string? to, string? cursor, int? limit,
        ArticleSearch search, SearchFilters filters, HttpContext http, CancellationToken ct)
    {
        var (filter, errors) = await filters.ResolveAsync(new SearchFilterInput(section, author, from, to), ct);
        var text = (q ?? "").Trim();
        var shortened = text.Length > SearchPageModel.MaxQueryLength;
        var query = SearchQuery.Parse(shortened ? text[..SearchPageModel.MaxQueryLength] : text);
        if (query.IsEmpty)
        {
            errors.Add("q", text.Length == 0 ? "Please enter something to search for." : "The query has no words to search for: use letters or numbers.");
        }
        if (limit is < 1 or > PageLimits.Max)
        {
            errors.Add("limit", $"The limit must be between 1 and {PageLimits.Max}.");
        }
        var offset = 0;
        if (KeysetCursor.TryDecode(cursor, out var after) && after.SortKey is >= 0 and <= ArticleSearch.MaxOffset)
        {
            offset = (int)after.SortKey;
        }
        else if (!string.IsNullOrEmpty(cursor))
        {
            errors.Add("cursor", IdPaging.BadCursor);
        }
        if (errors.Any)
        {
            return Problems.Unprocessable(errors.ToDictionary());
        }
        var results = await search.SearchAsync(new SearchRequest(text[..Math.Min(text.Length, SearchPageModel.MaxQueryLength)], filter, offset, PageLimits.Clamp(limit)), ct);
        var items = results.Hits.Select(h => new SearchHitResource(
            h.Article.Id, h.Article.Title, h.Article.Dek, PublicUrls.Absolute(http.Request, h.Article.Url), h.Article.SectionName,
            h.Article.PublishedAt, [.. h.Article.Authors.Select(a => a.Name)], h.SnippetHtml)).ToList();
        var next = results.NextOffset is { } n ? new KeysetCursor(n, 0).Encode() : null;
        return TypedResults.Ok(new SearchList(items, next, results.Query.ToString(), shortened || results.Query.Shortened));
    }
}
