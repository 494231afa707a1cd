using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>What a re-render changed, by kind: how many were read and how many had other HTML stored.</summary>
public sealed record RerenderCounts(int Articles, int ArticlesChanged, int Pages, int PagesChanged, int Comments, int CommentsChanged);

/// <summary>
/// Article bodies, static pages and comments are rendered and sanitised once, when saved, and the HTML is stored.
/// After the sanitiser or the Markdown pipeline changes (a release that closes a hole), <c>content rerender</c> renders
/// everything stored before it again with today's rules. Not an edit: no revision, no new "updated" date.
/// </summary>
public sealed class StoredHtml(BroadsheetDb db, Media.BodyPictures bodies, MarkdownRenderer markdown, Caching.PageCache pages)
{
    private const int Batch = 200;

    public async Task<RerenderCounts> RerenderAllAsync(Action<string>? progress, CancellationToken ct)
    {
        var (articles, articlesChanged) = await RerenderAsync(last => db.Articles.Where(a => a.Id > last).OrderBy(a => a.Id), a => a.Id, async a =>
        {
            var rendered = await bodies.RenderAsync(a.BodyMarkdown, ct);
            var changed = rendered.Html != a.BodyHtml;
            (a.BodyHtml, a.WordCount) = (rendered.Html, rendered.WordCount);
            return changed;
        }, "articles", progress, ct);
        var (pagesRead, pagesChanged) = await RerenderAsync(last => db.StaticPages.Where(p => p.Id > last).OrderBy(p => p.Id), p => p.Id, p =>
        {
            var html = markdown.Render(p.BodyMarkdown).Html;
            var changed = html != p.BodyHtml;
            p.BodyHtml = html;
            return Task.FromResult(changed);
        }, "pages", progress, ct);
        var (comments, commentsChanged) = await RerenderAsync(last => db.Comments.Where(c => c.Id > last).OrderBy(c => c.Id), c => c.Id, c =>
        {
            var html = CommentText.ToHtml(c.Body);
            var changed = html != c.BodyHtml;
            c.BodyHtml = html;
            return Task.FromResult(changed);
        }, "comments", progress, ct);
        if (articlesChanged + pagesChanged + commentsChanged > 0)
        {
            await pages.PurgeAsync([Caching.PageTags.Everything], ct);
        }
        return new RerenderCounts(articles, articlesChanged, pagesRead, pagesChanged, comments, commentsChanged);
    }

    /// <summary>In batches by id, so that a large site never holds more than a batch in memory.</summary>
    private async Task<(int Read, int Changed)> RerenderAsync<T>(
        Func<int, IQueryable<T>> after, Func<T, int> idOf, Func<T, Task<bool>> render, string what, Action<string>? progress, CancellationToken ct)
        where T : class
    {
        var (read, changed, last) = (0, 0, 0);
        while (await after(last).Take(Batch).ToListAsync(ct) is { Count: > 0 } batch)
        {
            foreach (var row in batch)
            {
                changed += await render(row) ? 1 : 0;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            read += batch.Count;
            last = idOf(batch[^1]);
            progress?.Invoke($"{read} {what} read, {changed} changed");
        }
        return (read, changed);
    }
}
