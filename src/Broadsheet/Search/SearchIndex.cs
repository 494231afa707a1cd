using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Terms;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Search;

/// <summary>
/// Keeps the search index equal to the articles: every article that is not a draft has an entry (whether it is public
/// yet is asked when searching, so a scheduled article turns up at its time without a write), written when the article
/// is saved, its tags or bylines renamed, merged or deleted, and removed with the article or when it goes back to draft.
/// </summary>
public sealed class SearchIndex(BroadsheetDb db, ISearchEngine engine)
{
    public const int BatchSize = 500;

    /// <summary>Writes these articles' entries from what they are now, or removes them (drafts, deleted articles).</summary>
    public async Task UpdateAsync(IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        foreach (var batch in articleIds.Distinct().Chunk(BatchSize))
        {
            var documents = await DocumentsAsync(db.Articles.Where(a => batch.Contains(a.Id)), ct);
            var gone = batch.Except(documents.Select(d => d.ArticleId)).ToList();
            await engine.RemoveAsync(db, gone, ct);
            await engine.WriteAsync(db, documents, ct);
        }
    }

    /// <summary>Writes entries made by the caller (an import, which has every field at hand) for articles that are not drafts.</summary>
    public Task WriteAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct) =>
        documents.Count == 0 ? Task.CompletedTask : engine.WriteAsync(db, documents, ct);

    /// <summary>The ids of the articles carrying a tag or byline, read before it changes (a deletion takes it off them).</summary>
    public Task<List<int>> CarryingAsync(TermKind kind, int termId, CancellationToken ct) =>
        kind == TermKind.Tag
            ? db.Articles.Where(a => a.Listed == 1 && a.Tags.Any(t => t.Id == termId)).Select(a => a.Id).ToListAsync(ct)
            : db.Articles.Where(a => a.Listed == 1 && a.Authors.Any(t => t.Id == termId)).Select(a => a.Id).ToListAsync(ct);

    /// <summary>Adds the listed articles that have no entry (an upgrade, a copied database): run at start-up.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var written = 0;
        for (var missing = await engine.MissingAsync(db, BatchSize, ct); missing.Count > 0; missing = await engine.MissingAsync(db, BatchSize, ct))
        {
            await UpdateAsync(missing, ct);
            written += missing.Count;
            db.ChangeTracker.Clear();
        }
        return written;
    }

    /// <summary>Empties the index and writes every listed article's entry again, reporting (done, total) after each batch.</summary>
    public async Task<int> RebuildAsync(IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var ids = await db.Articles.AsNoTracking().Where(a => a.Listed == 1).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        await engine.ClearAsync(db, ct);
        var done = 0;
        progress?.Report((0, ids.Count));
        foreach (var batch in ids.Chunk(BatchSize))
        {
            await engine.WriteAsync(db, await DocumentsAsync(db.Articles.Where(a => batch.Contains(a.Id)), ct), ct);
            done += batch.Length;
            progress?.Report((done, ids.Count));
        }
        return ids.Count;
    }

    private static async Task<List<SearchDocument>> DocumentsAsync(IQueryable<Article> articles, CancellationToken ct)
    {
        var rows = await articles.AsNoTracking().Where(a => a.Listed == 1)
            .Select(a => new { a.Id, a.Title, a.Dek, a.BodyMarkdown, Tags = a.Tags.Select(t => t.Name).ToList(), Authors = a.Authors.Select(x => x.Name).ToList() })
            .AsSplitQuery().ToListAsync(ct);
        return [.. rows.Select(r => SearchDocument.Of(r.Id, r.Title, r.Dek, MarkdownRenderer.PlainText(r.BodyMarkdown), r.Tags, r.Authors))];
    }
}
