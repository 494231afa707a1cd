using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Spam;

/// <summary>Per ISO week: caught by the filter, missed (a moderator marked spam it let through), false positives (marked not spam).</summary>
public sealed record SpamWeekFigures(string Week, int Caught, int Missed, int FalsePositives);

public sealed record QueuedSpam(int Id, int ArticleId, string ArticleTitle, string Name, string Email, string Comment, double? Score, string? Reasons, DateTime CreatedAt);

/// <summary>The spam queue: what moderators see and do in bulk, from the admin and the API alike.</summary>
public sealed class SpamQueue(BroadsheetDb db, CommentModeration moderation, TimeProvider clock)
{
    public async Task<IReadOnlyList<QueuedSpam>> NewestAsync(int? beforeId, int limit, CancellationToken ct) =>
        await db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Spam && (beforeId == null || c.Id < beforeId))
            .OrderByDescending(c => c.Id).Take(limit)
            .Join(db.Articles, c => c.ArticleId, a => a.Id, (c, a) => new QueuedSpam(
                c.Id, c.ArticleId, a.Title, c.Name, c.Email, c.Body, c.SpamScore, c.Reasons, c.CreatedAt))
            .ToListAsync(ct);

    public async Task<int> NotSpamAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var changed = 0;
        foreach (var id in ids.Distinct())
        {
            changed += await moderation.ApplyAsync(id, "not-spam", ct) is Saved<Comment> ? 1 : 0;
        }
        return changed;
    }

    /// <summary>Deletes comments in the spam queue; ids of comments that are not spam are left alone.</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<int> ids, CancellationToken ct) =>
        await db.Comments.Where(c => ids.Contains(c.Id) && c.Status == CommentStatus.Spam && !db.Comments.Any(r => r.ParentId == c.Id))
            .ExecuteDeleteAsync(ct);

    public async Task<IReadOnlyList<SpamWeekFigures>> FiguresAsync(int weeks, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(-7 * Math.Clamp(weeks, 1, 104));
        var firstWeek = SpamWeek.Of(since);
        // One row a week: reading them all is cheaper than teaching SQL to compare week names.
        var caught = (await db.SpamWeeks.AsNoTracking().ToListAsync(ct)).Where(w => string.CompareOrdinal(w.Week, firstWeek) >= 0);
        var lessons = await db.SpamLessons.Where(l => l.CreatedAt >= since).Select(l => new { l.CreatedAt, l.Spam, l.FilterSaidSpam }).ToListAsync(ct);
        return [.. caught.Select(w => (w.Week, w.Caught, Missed: 0, False: 0))
            .Concat(lessons.Where(l => l.Spam && !l.FilterSaidSpam).Select(l => (Week: SpamWeek.Of(l.CreatedAt), Caught: 0, Missed: 1, False: 0)))
            .Concat(lessons.Where(l => !l.Spam && l.FilterSaidSpam).Select(l => (Week: SpamWeek.Of(l.CreatedAt), Caught: 0, Missed: 0, False: 1)))
            .GroupBy(r => r.Week).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SpamWeekFigures(g.Key, g.Sum(r => r.Caught), g.Sum(r => r.Missed), g.Sum(r => r.False)))];
    }
}
