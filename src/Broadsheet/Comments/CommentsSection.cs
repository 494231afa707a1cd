using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

/// <summary>Everything the comments under an article show: the threads, and the form with its values and messages.</summary>
public sealed record CommentsSection(
    int ArticleId, string ArticleUrl, CommentThreads Threads, bool Closed, CommentView? ReplyTo,
    CommentForm Form, IReadOnlyDictionary<string, string[]> Errors, string? FormMessage)
{
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? messages[0] : null;
}

/// <summary>Builds the <see cref="CommentsSection"/> for an article page, fresh or after a rejected post.</summary>
public sealed class CommentsSections(BroadsheetDb db, CommentQueries queries, HeldComments held, TimeProvider clock, IOptionsMonitor<CommentsOptions> options)
{
    public async Task<CommentsSection> BuildAsync(
        ArticleView article, HttpRequest request, int page, int? replyTo, CommentForm? form = null,
        IReadOnlyDictionary<string, string[]>? errors = null, string? formMessage = null, CancellationToken ct = default)
    {
        var closed = CommentPosting.CommentsClosed(article.Comments, article.PublishedAt, clock.GetUtcNow().UtcDateTime, options.CurrentValue);
        var threads = await queries.ThreadsAsync(article.Id, page, held.Read(request), ct);
        var replyId = replyTo ?? form?.ParentId;
        var replyingTo = replyId is { } id
            ? await db.Comments.AsNoTracking().Where(c => c.Id == id && c.ArticleId == article.Id && c.Status == CommentStatus.Approved)
                .Select(c => new CommentView(c.Id, c.ParentId, c.Depth, c.Name, c.Website, c.BodyHtml, c.CreatedAt, "", false))
                .SingleOrDefaultAsync(ct)
            : null;
        return new CommentsSection(article.Id, article.Url, threads, closed, replyingTo, form ?? new CommentForm(), errors ?? new Dictionary<string, string[]>(), formMessage);
    }
}
