using Broadsheet.Infrastructure.Db;

namespace Broadsheet.Search;

/// <summary>
/// The one thing that differs between SQLite's FTS5 and PostgreSQL's full-text search: how an article's text is
/// stored, matched, ranked and quoted. Everything else (what is indexed when, filters, paging, snippets' safety) is
/// <see cref="SearchIndex"/>'s and <see cref="ArticleSearch"/>'s, the same on both. Chosen by <see cref="SearchSetup"/>.
/// </summary>
public interface ISearchEngine
{
    /// <summary>Writes these articles' entries, replacing what was there.</summary>
    Task WriteAsync(BroadsheetDb db, IReadOnlyList<SearchDocument> documents, CancellationToken ct);

    Task RemoveAsync(BroadsheetDb db, IReadOnlyCollection<int> articleIds, CancellationToken ct);

    Task ClearAsync(BroadsheetDb db, CancellationToken ct);

    /// <summary>Up to <paramref name="limit"/> listed (not draft) articles that have no entry, lowest id first.</summary>
    Task<List<int>> MissingAsync(BroadsheetDb db, int limit, CancellationToken ct);

    /// <summary>
    /// Every entry that matches, with whether the title or dek alone match it (<see cref="SearchMatch.Headline"/>)
    /// and a relevance score (higher is better) that already favours recent articles; still to be joined to the
    /// articles a reader may see.
    /// </summary>
    /// <param name="fromId">Only entries of this article id or newer (<see cref="SearchCandidates"/>): what keeps a common word cheap.</param>
    IQueryable<SearchMatch> Matches(BroadsheetDb db, SearchQuery query, DateTime now, int fromId = 0);

    /// <summary>The article id of the <paramref name="count"/>th newest matching entry (by id), or 0 when fewer match.</summary>
    Task<int> NewestFromIdAsync(BroadsheetDb db, SearchQuery query, int count, CancellationToken ct);

    /// <summary>A passage of each of these articles' bodies, the query's words between <see cref="SearchSnippet.Start"/> and <see cref="SearchSnippet.End"/>.</summary>
    Task<Dictionary<int, string>> SnippetsAsync(BroadsheetDb db, SearchQuery query, IReadOnlyCollection<int> articleIds, CancellationToken ct);
}

/// <summary>An article as the index holds it: plain text, tags and bylines as space-separated names.</summary>
public sealed record SearchDocument(int ArticleId, string Title, string Dek, string Body, string Tags, string Authors)
{
    /// <summary>An article's entry from its fields, the body already as plain text (<see cref="Articles.MarkdownRenderer.PlainText"/>).</summary>
    public static SearchDocument Of(int articleId, string title, string? dek, string plainBody, IEnumerable<string> tags, IEnumerable<string> authors) => new(
        articleId, SearchSnippet.Clean(title), SearchSnippet.Clean(dek ?? ""), SearchSnippet.Clean(plainBody),
        SearchSnippet.Clean(string.Join(' ', tags)), SearchSnippet.Clean(string.Join(' ', authors)));
}

/// <summary>One row of <see cref="ISearchEngine.Matches"/>; a class with setters because EF Core reads raw SQL into it.</summary>
public sealed class SearchMatch
{
    public int ArticleId { get; set; }

    /// <summary>1 when the title and dek alone contain every word: these come first.</summary>
    public int Headline { get; set; }

    public double Score { get; set; }
}

/// <summary>Relevance favours recent articles: a day-old one scores about twice a year-old one with the same text.</summary>
public static class SearchRecency
{
    /// <summary>The score is multiplied by 1 + HalfLifeDays / (HalfLifeDays + age in days).</summary>
    public const double HalfLifeDays = 30;
}

/// <summary>
/// Ranking every match of a common word at 100,000 articles costs hundreds of milliseconds; a news reader wants the
/// recent ones. So a search without filters ranks only the newest <see cref="Count"/> matching entries (by id: the
/// order articles were added), found from the index's own id order; an older article turns up when the words or a
/// filter (section, byline, dates: those searches rank every match) narrow the search down to it.
/// </summary>
public static class SearchCandidates
{
    public const int Count = 1000;
}
