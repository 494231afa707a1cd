using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Search;

/// <summary>What to search for; <see cref="Filter"/>'s sections, byline and dates narrow it like a listing's.</summary>
public sealed record SearchRequest(string? Text, ArticleFilter Filter, int Offset, int Limit);

/// <summary>A found article and a passage of its body as safe HTML, the matched words in &lt;mark&gt;.</summary>
public sealed record SearchHit(ArticleCard Article, string SnippetHtml);

/// <summary>The page of hits; <paramref name="NextOffset"/> is where the next page starts, null on the last.</summary>
public sealed record SearchResults(SearchQuery Query, IReadOnlyList<SearchHit> Hits, int? NextOffset);

/// <summary>
/// Search as readers (the search page) and integrations (the API) use it: public articles only, those whose title
/// and dek hold every word first, then by the engine's relevance with its recency boost, then newest first.
/// </summary>
public sealed class ArticleSearch(ListingReads listings, ISearchEngine engine, ArticleQueries articles, TimeProvider clock)
{
    /// <summary>Deeper than this, a reader would refine the query; an offset past it would only cost the engine.</summary>
    public const int MaxOffset = 1000;

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct)
    {
        var query = SearchQuery.Parse(request.Text);
        if (query.IsEmpty)
        {
            return new SearchResults(query, [], null);
        }
        var source = listings.Db;
        var now = clock.GetUtcNow().UtcDateTime;
        var visible = ArticleQueries.Filtered(source.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(now)), request.Filter);
        if (request.Filter.SectionIds is { } sections)
        {
            visible = visible.Where(a => sections.Contains(a.SectionId));
        }
        var offset = Math.Clamp(request.Offset, 0, MaxOffset);
        var filtered = request.Filter is not { SectionIds: null, TagId: null, AuthorId: null, From: null, Until: null };
        var fromId = filtered ? 0 : await engine.NewestFromIdAsync(source, query, SearchCandidates.Count, ct);
        var ids = await engine.Matches(source, query, now, fromId)
            .Join(visible, m => m.ArticleId, a => a.Id, (m, a) => new { m.ArticleId, m.Headline, m.Score, a.PublishedAt })
            .OrderByDescending(m => m.Headline).ThenByDescending(m => m.Score).ThenByDescending(m => m.PublishedAt).ThenByDescending(m => m.ArticleId)
            .Skip(offset).Take(request.Limit + 1)
            .Select(m => m.ArticleId)
            .ToListAsync(ct);
        var page = ids.Take(request.Limit).ToList();
        var cards = await articles.CardsAsync(source, page, ct);
        var snippets = await engine.SnippetsAsync(source, query, page, ct);
        var hits = cards.Select(c => new SearchHit(c, SearchSnippet.Html(snippets.GetValueOrDefault(c.Id) ?? c.Dek ?? ""))).ToList();
        return new SearchResults(query, hits, ids.Count > request.Limit && offset + request.Limit <= MaxOffset ? offset + request.Limit : null);
    }
}
