using System.Globalization;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Broadsheet.Search;

/// <summary>
/// PostgreSQL's full-text search: the table "ArticleSearch" holds each listed article's tsvector (title weight A,
/// dek B, tags and bylines C, body D) under a GIN index, and its plain body for ts_headline. The text search
/// configuration broadsheet_english is English with unaccent before the stemmer, so "Zurich" finds "Zürich"
/// (migration ArticleSearch).
/// </summary>
public sealed class PostgresSearch : ISearchEngine
{
    private const string Configuration = "broadsheet_english";

    public async Task WriteAsync(BroadsheetDb db, IReadOnlyList<SearchDocument> documents, CancellationToken ct)
    {
        foreach (var d in documents)
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "ArticleSearch" ("ArticleId", "Document", "Body") VALUES ({d.ArticleId},
                        setweight(to_tsvector('broadsheet_english', {Words(d.Title)}), 'A') || setweight(to_tsvector('broadsheet_english', {Words(d.Dek)}), 'B')
                        || setweight(to_tsvector('broadsheet_english', {Words(d.Tags + " " + d.Authors)}), 'C') || setweight(to_tsvector('broadsheet_english', {Words(d.Body)}), 'D'),
                        {d.Body})
                    ON CONFLICT ("ArticleId") DO UPDATE SET "Document" = excluded."Document", "Body" = excluded."Body"
                    """, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                // The article was deleted since it was read: its entry went with it, as it should.
            }
        }
    }

    /// <summary>
    /// Text as the query reads it: the query splits words at hyphens, and PostgreSQL's parser reads a hyphenated word's
    /// parts differently from the same words alone ("486e48b3" alone is a number and a word; after a hyphen, one part).
    /// </summary>
    private static string Words(string text) => text.Replace('-', ' ');

    public async Task RemoveAsync(BroadsheetDb db, IReadOnlyCollection<int> articleIds, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "ArticleSearch" WHERE "ArticleId" = ANY({articleIds.ToArray()})""", ct);

    public async Task ClearAsync(BroadsheetDb db, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync("""TRUNCATE "ArticleSearch" """, ct);

    public Task<List<int>> MissingAsync(BroadsheetDb db, int limit, CancellationToken ct) =>
        db.Database.SqlQuery<int>($"""
            SELECT a."Id" AS "Value" FROM "Articles" AS a
            WHERE a."Listed" = 1 AND NOT EXISTS (SELECT 1 FROM "ArticleSearch" AS s WHERE s."ArticleId" = a."Id")
            ORDER BY a."Id" LIMIT {limit}
            """).ToListAsync(ct);

    public IQueryable<SearchMatch> Matches(BroadsheetDb db, SearchQuery query, DateTime now, int fromId = 0)
    {
        var (tsquery, parameters) = TsQuery(query);
        var at = parameters.Count;
        parameters.Add(now);
        parameters.Add(fromId);
        var days = SearchRecency.HalfLifeDays.ToString(CultureInfo.InvariantCulture);
        var sql = $$"""
            SELECT s."ArticleId" AS "ArticleId",
                CASE WHEN ts_filter(s."Document", ARRAY['a', 'b']::"char"[]) @@ q.query THEN 1 ELSE 0 END AS "Headline",
                (ts_rank(ARRAY[0.1, 0.4, 0.6, 1.0]::real[], s."Document", q.query, 1)
                    * (1.0 + {{days}} / ({{days}} + greatest(0.0, extract(epoch FROM ({{{at}}} - coalesce(a."PublishedAt", {{{at}}}))) / 86400.0))))::double precision AS "Score"
            FROM (SELECT {{tsquery}} AS query) AS q, "ArticleSearch" AS s JOIN "Articles" AS a ON a."Id" = s."ArticleId"
            WHERE s."Document" @@ q.query AND s."ArticleId" >= {{{at + 1}}}
            """;
        return db.Database.SqlQueryRaw<SearchMatch>(sql, [.. parameters]);
    }

    public async Task<int> NewestFromIdAsync(BroadsheetDb db, SearchQuery query, int count, CancellationToken ct)
    {
        var (tsquery, parameters) = TsQuery(query);
        var at = parameters.Count;
        parameters.Add(count - 1);
        var sql = $$"""SELECT s."ArticleId" AS "Value" FROM "ArticleSearch" AS s WHERE s."Document" @@ {{tsquery}} ORDER BY s."ArticleId" DESC OFFSET {{{at}}} LIMIT 1""";
        return (await db.Database.SqlQueryRaw<int>(sql, [.. parameters]).ToListAsync(ct)).FirstOrDefault();
    }

    public async Task<Dictionary<int, string>> SnippetsAsync(BroadsheetDb db, SearchQuery query, IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        var (tsquery, parameters) = TsQuery(query);
        var at = parameters.Count;
        parameters.Add(articleIds.ToArray());
        parameters.Add($"StartSel={SearchSnippet.Start}, StopSel={SearchSnippet.End}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=\"{FragmentDelimiter}\"");
        var sql = $$"""
            SELECT s."ArticleId" AS "ArticleId", ts_headline('{{Configuration}}', s."Body", {{tsquery}}, {{{at + 1}}}) AS "Text",
                left(s."Body", 400) AS "Head", right(s."Body", 400) AS "Tail"
            FROM "ArticleSearch" AS s WHERE s."ArticleId" = ANY({{{at}}})
            """;
        var rows = await db.Database.SqlQueryRaw<HeadlineRow>(sql, [.. parameters]).ToListAsync(ct);
        return rows.ToDictionary(r => r.ArticleId, r => WithEllipses(r));
    }

    private const string FragmentDelimiter = " … ";

    /// <summary>ts_headline marks neither where its passages were cut from the body nor … at their ends: FTS5's snippet does, and so does this.</summary>
    private static string WithEllipses(HeadlineRow row)
    {
        var plain = SearchSnippet.Clean(row.Text);
        var fragments = plain.Split(FragmentDelimiter);
        var text = row.Text.Trim();
        if (!row.Head.TrimStart().StartsWith(fragments[0].Trim(), StringComparison.Ordinal))
        {
            text = "…" + text;
        }
        if (!row.Tail.TrimEnd().EndsWith(fragments[^1].Trim(), StringComparison.Ordinal))
        {
            text += "…";
        }
        return text;
    }

    /// <summary>A ts_headline with the body's first and last characters, to tell whether it was cut.</summary>
    public sealed class HeadlineRow
    {
        public int ArticleId { get; set; }
        public string Text { get; set; } = "";
        public string Head { get; set; } = "";
        public string Tail { get; set; } = "";
    }

    /// <summary>Each word or phrase becomes a phraseto_tsquery of its own (a parameter: never parsed as tsquery syntax), joined by AND (or OR).</summary>
    private static (string Sql, List<object> Parameters) TsQuery(SearchQuery query)
    {
        var parameters = query.Parts.Select(p => (object)string.Join(' ', p.Words)).ToList();
        var sql = "(" + string.Join(query.AnyPart ? " || " : " && ", parameters.Select((_, i) => $"phraseto_tsquery('{Configuration}', {{{i}}})")) + ")";
        return (sql, parameters);
    }
}
