using System.Text.Json;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Search;

/// <summary>
/// SQLite's FTS5: the virtual table ArticleSearch (migration ArticleSearch), one row per listed article with the
/// article's id as its rowid, tokenised with the Porter stemmer over unicode61 with diacritics removed. Ranked by
/// bm25 with the title weighing most, then the dek, tags and bylines, then the body.
/// </summary>
public sealed class SqliteSearch : ISearchEngine
{
    public async Task WriteAsync(BroadsheetDb db, IReadOnlyList<SearchDocument> documents, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var d in documents)
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM ArticleSearch WHERE rowid = {d.ArticleId}", ct);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO ArticleSearch (rowid, Title, Dek, Body, Tags, Authors) VALUES ({d.ArticleId}, {d.Title}, {d.Dek}, {d.Body}, {d.Tags}, {d.Authors})", ct);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }

    public async Task RemoveAsync(BroadsheetDb db, IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        if (articleIds.Count > 0)
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM ArticleSearch WHERE rowid IN (SELECT value FROM json_each({Json(articleIds)}))", ct);
        }
    }

    public async Task ClearAsync(BroadsheetDb db, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync("DELETE FROM ArticleSearch", ct);

    public Task<List<int>> MissingAsync(BroadsheetDb db, int limit, CancellationToken ct) =>
        db.Database.SqlQuery<int>($"""
            SELECT a.Id AS Value FROM Articles AS a
            WHERE a.Listed = 1 AND NOT EXISTS (SELECT 1 FROM ArticleSearch WHERE ArticleSearch.rowid = a.Id)
            ORDER BY a.Id LIMIT {limit}
            """).ToListAsync(ct);

    public IQueryable<SearchMatch> Matches(BroadsheetDb db, SearchQuery query, DateTime now, int fromId = 0)
    {
        var expression = Expression(query);
        // rowid >= x is a range FTS5 walks in its own index: the entries below it are never ranked.
        return db.Database.SqlQuery<SearchMatch>($"""
            SELECT ArticleSearch.rowid AS ArticleId,
                ArticleSearch.rowid IN (SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH {"{Title Dek} : (" + expression + ")"} AND rowid >= {fromId}) AS Headline,
                -bm25(ArticleSearch, 10.0, 5.0, 1.0, 4.0, 4.0)
                    * (1.0 + {SearchRecency.HalfLifeDays} / ({SearchRecency.HalfLifeDays} + max(0.0, julianday({now}) - julianday(coalesce(a.PublishedAt, {now}))))) AS Score
            FROM ArticleSearch JOIN Articles AS a ON a.Id = ArticleSearch.rowid
            WHERE ArticleSearch MATCH {expression} AND ArticleSearch.rowid >= {fromId}
            """);
    }

    public async Task<int> NewestFromIdAsync(BroadsheetDb db, SearchQuery query, int count, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {Expression(query)} ORDER BY rowid DESC LIMIT 1 OFFSET {count - 1}")
            .ToListAsync(ct)).FirstOrDefault();

    public async Task<Dictionary<int, string>> SnippetsAsync(BroadsheetDb db, SearchQuery query, IReadOnlyCollection<int> articleIds, CancellationToken ct) =>
        await db.Database.SqlQuery<SnippetRow>($"""
            SELECT rowid AS ArticleId, snippet(ArticleSearch, 2, {SearchSnippet.Start.ToString()}, {SearchSnippet.End.ToString()}, '…', 32) AS Text
            FROM ArticleSearch
            WHERE ArticleSearch MATCH {Expression(query)} AND rowid IN (SELECT value FROM json_each({Json(articleIds)}))
            """).ToDictionaryAsync(r => r.ArticleId, r => r.Text, ct);

    /// <summary>Every word and phrase in double quotes (FTS5 strings: operators inside are words), all required or any one.</summary>
    private static string Expression(SearchQuery query) =>
        string.Join(query.AnyPart ? " OR " : " ", query.Parts.Select(p => "\"" + string.Join(' ', p.Words) + "\""));

    private static string Json(IReadOnlyCollection<int> ids) => JsonSerializer.Serialize(ids);
}

/// <summary>A snippet as an engine's SQL answers it.</summary>
public sealed class SnippetRow
{
    public int ArticleId { get; set; }
    public string Text { get; set; } = "";
}
