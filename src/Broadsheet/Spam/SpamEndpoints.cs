using System.Globalization;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Spam;

public sealed record CommentIds(IReadOnlyList<int>? Ids);

public sealed record BulkResult(int Changed);

/// <summary>Per ISO week: caught by the filter, missed (a moderator marked spam it let through), false positives (marked not spam).</summary>
public sealed record SpamWeekFigures(string Week, int Caught, int Missed, int FalsePositives);

public sealed record SpamFigures(IReadOnlyList<SpamWeekFigures> Weeks);

/// <summary>/api/v1/spam: the spam queue's bulk actions and the filter's figures. The queue itself is /comments?status=spam.</summary>
public static class SpamEndpoints
{
    public static IEndpointRouteBuilder MapSpamEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/spam").WithTags("Spam").RequireAuthorization(ApiAuth.Editor);
        api.MapPost("/not-spam", NotSpam).WithName("BulkNotSpam");
        api.MapPost("/delete", Delete).WithName("BulkDeleteSpam");
        api.MapGet("/figures", Figures).WithName("SpamFigures");
        return app;
    }

    private static async Task<Results<Ok<BulkResult>, ProblemHttpResult>> NotSpam(CommentIds request, CommentModeration moderation, CancellationToken ct)
    {
        if (request.Ids is not { Count: > 0 } ids)
        {
            return Problems.Unprocessable("ids", "Please give the ids of the comments.");
        }
        var changed = 0;
        foreach (var id in ids.Distinct())
        {
            changed += await moderation.ApplyAsync(id, "not-spam", ct) is Saved<Comment> ? 1 : 0;
        }
        return TypedResults.Ok(new BulkResult(changed));
    }

    /// <summary>Deletes comments from the spam queue; ids of comments that are not spam are left alone.</summary>
    private static async Task<Results<Ok<BulkResult>, ProblemHttpResult>> Delete(CommentIds request, BroadsheetDb db, CancellationToken ct)
    {
        if (request.Ids is not { Count: > 0 } ids)
        {
            return Problems.Unprocessable("ids", "Please give the ids of the comments.");
        }
        var deleted = await db.Comments.Where(c => ids.Contains(c.Id) && c.Status == CommentStatus.Spam && !db.Comments.Any(r => r.ParentId == c.Id))
            .ExecuteDeleteAsync(ct);
        return TypedResults.Ok(new BulkResult(deleted));
    }

    private static async Task<Ok<SpamFigures>> Figures(int? weeks, BroadsheetDb db, TimeProvider clock, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(-7 * Math.Clamp(weeks ?? 8, 1, 104));
        var firstWeek = SpamWeek.Of(since);
        // One row a week: reading them all is cheaper than teaching SQL to compare week names.
        var caught = (await db.SpamWeeks.AsNoTracking().ToListAsync(ct)).Where(w => string.CompareOrdinal(w.Week, firstWeek) >= 0);
        var lessons = await db.SpamLessons.Where(l => l.CreatedAt >= since).Select(l => new { l.CreatedAt, l.Spam, l.FilterSaidSpam }).ToListAsync(ct);
        var rows = caught.Select(w => (w.Week, w.Caught, Missed: 0, False: 0))
            .Concat(lessons.Where(l => l.Spam && !l.FilterSaidSpam).Select(l => (Week: SpamWeek.Of(l.CreatedAt), Caught: 0, Missed: 1, False: 0)))
            .Concat(lessons.Where(l => !l.Spam && l.FilterSaidSpam).Select(l => (Week: SpamWeek.Of(l.CreatedAt), Caught: 0, Missed: 0, False: 1)))
            .GroupBy(r => r.Week).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SpamWeekFigures(g.Key, g.Sum(r => r.Caught), g.Sum(r => r.Missed), g.Sum(r => r.False)));
        return TypedResults.Ok(new SpamFigures([.. rows]));
    }
}
