using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Spam;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

public abstract record PostResult;

public sealed record Posted(Comment Comment) : PostResult;

public sealed record Rejected(IReadOnlyDictionary<string, string[]> Errors) : PostResult;

public sealed record Duplicate : PostResult
{
    public const string Message = "Duplicate comment detected; it looks as though you've already said that!";
}

public sealed record TooFast(string Message) : PostResult
{
    public const string FloodMessage = "You are posting comments too quickly. Slow down.";
}

/// <summary>Who is posting, as the request shows it; the IP is hashed before anything is stored.</summary>
public sealed record Commenter(string? Ip, string? UserAgent)
{
    public static Commenter From(HttpContext http) =>
        new(http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 500)] : null);
}

/// <summary>Posting a comment: the one place the rules run, for the form and the API alike.</summary>
public sealed class CommentPosting(
    BroadsheetDb db, TimeProvider clock, IOptionsMonitor<CommentsOptions> options, SiteKeys keys, CommentNotifications notifications,
    SpamFilter spam, IOptionsMonitor<SpamOptions> spamOptions, AkismetClient akismet, Caching.PageCache pages)
{
    public const string ClosedMessage = "Comments are closed on this article.";

    /// <param name="evidence">The form's own evidence (honeypot, time to submit); null for API posts, which have none.</param>
    public async Task<PostResult> PostAsync(int articleId, CommentForm input, Commenter by, FormEvidence? evidence, CancellationToken ct)
    {
        var form = Clean(input);
        var errors = Validation.Errors(form);
        if (errors.Count > 0 || form is not { Comment: { } body, Name: { } name, Email: { } email })
        {
            return new Rejected(errors);
        }
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var article = await db.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(now)).Where(a => a.Id == articleId)
            .Select(a => new { a.Id, a.PublishedAt, a.Comments, a.Slug, a.Section.Path }).SingleOrDefaultAsync(ct);
        if (article is null)
        {
            return new Rejected(Errors("articleId", "There is no such article."));
        }
        if (CommentsClosed(article.Comments, ArticleQueries.AsUtc(article.PublishedAt), now, settings))
        {
            return new Rejected(Errors("articleId", ClosedMessage));
        }
        var comment = new Comment
        {
            ArticleId = articleId, Name = name, Email = email, Website = form.Website, Body = body, BodyHtml = CommentText.ToHtml(body),
            IpHash = by.Ip is null ? null : keys.IpHash(by.Ip), UserAgent = by.UserAgent, NotifyOfReplies = form.Notify, CreatedAt = now,
            WebsiteDomain = SpamSignals.WebsiteDomain(form.Website),
        };
        if (form.ParentId is { } parentId)
        {
            var parent = await db.Comments.AsNoTracking().Where(c => c.Id == parentId && c.ArticleId == articleId && c.Status == CommentStatus.Approved)
                .Select(c => new { c.Id, c.ParentId, c.ThreadId, c.Depth }).SingleOrDefaultAsync(ct);
            if (parent is null)
            {
                return new Rejected(Errors("parentId", "You can only reply to a published comment on this article."));
            }
            // A reply to a comment at the deepest level sits beside it, at that level.
            var atLimit = parent.Depth >= settings.MaxDepth;
            (comment.ParentId, comment.ThreadId, comment.Depth) = atLimit
                ? (parent.ParentId, parent.ParentId is null ? 0 : parent.ThreadId, parent.Depth)
                : (parent.Id, parent.ThreadId, parent.Depth + 1);
        }
        if (await TooFastAsync(comment, article.Comments, settings, now, ct) is { } tooFast)
        {
            return tooFast;
        }
        if (await db.Comments.AnyAsync(c => c.ArticleId == articleId && c.ParentId == comment.ParentId && c.Name == name
            && c.Email == email && c.Body == body && c.Status != CommentStatus.Trash, ct))
        {
            return new Duplicate();
        }
        await DecideAsync(comment, form, by, evidence, SitePaths.Article(article.Path, article.Slug), article.Comments.PreModerate, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        if (comment.ThreadId == 0)
        {
            comment.ThreadId = comment.Id;
            await db.SaveChangesAsync(ct);
        }
        if (comment.JudgedSpam)
        {
            var week = SpamWeek.Of(now);
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "SpamWeeks" ("Week", "Caught") VALUES ({week}, 1) ON CONFLICT ("Week") DO UPDATE SET "Caught" = "SpamWeeks"."Caught" + 1""", ct);
        }
        await transaction.CommitAsync(ct);
        if (comment.Status == CommentStatus.Approved)
        {
            await pages.CommentsChangedAsync(articleId, ct);
        }
        await notifications.CommentPostedAsync(comment, ct);
        return new Posted(comment);
    }

    /// <summary>
    /// The filter speaks first: near-certain spam goes to the spam queue; otherwise the rules run, and likely spam
    /// they would have published is held. Either way the reasons are kept for moderators.
    /// </summary>
    private async Task DecideAsync(Comment comment, CommentForm form, Commenter by, FormEvidence? evidence, string permalink, bool preModerated, CancellationToken ct)
    {
        var filtered = await JudgeSpamAsync(comment, form, evidence, by, permalink, ct);
        if (filtered is { Score: var score } && score >= spamOptions.CurrentValue.QueueScore)
        {
            (comment.Status, comment.JudgedSpam, comment.Reasons) = (CommentStatus.Spam, true, SpamReasons(filtered));
            return;
        }
        var previouslyApproved = await db.Comments.AnyAsync(c => c.Email == comment.Email && c.Name == comment.Name && c.Status == CommentStatus.Approved, ct);
        var verdict = CommentRules.Judge(new CommentFacts(
            comment.Name, comment.Email, comment.Website, comment.Body, by.Ip, by.UserAgent, previouslyApproved, preModerated), options.CurrentValue);
        var reasons = verdict.Reasons.ToList();
        comment.Status = verdict.Status;
        if (filtered is { IsSpam: true })
        {
            comment.JudgedSpam = true;
            reasons.Insert(0, SpamReasons(filtered));
            comment.Status = comment.Status == CommentStatus.Approved ? CommentStatus.Pending : comment.Status;
        }
        comment.Reasons = reasons.Count > 0 ? string.Join("; ", reasons) : null;
    }

    private async Task<SpamVerdict?> JudgeSpamAsync(Comment comment, CommentForm form, FormEvidence? evidence, Commenter by, string permalink, CancellationToken ct)
    {
        var settings = spamOptions.CurrentValue;
        if (!settings.Enabled)
        {
            return null;
        }
        var verdict = await spam.JudgeAsync(new SpamInput(comment.Body, comment.Name, form.Website, evidence, await HistoryAsync(comment, ct)), ct);
        verdict = verdict with { IsSpam = verdict.Score >= settings.HoldScore };
        if (akismet.Enabled && await akismet.CheckAsync(
            new AkismetComment(by.Ip, by.UserAgent, permalink, comment.Name, comment.Email, comment.Website, comment.Body, comment.CreatedAt), ct) == true)
        {
            // The external service's "spam" is a verdict of its own; its "not spam" or silence leaves ours standing.
            verdict = new SpamVerdict(true, Math.Max(verdict.Score, settings.QueueScore), ["the external spam service says spam", .. verdict.Reasons]);
        }
        comment.SpamScore = verdict.Score;
        return verdict;
    }

    private static string SpamReasons(SpamVerdict verdict) =>
        $"spam filter score {verdict.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}"
        + (verdict.Reasons.Count > 0 ? ": " + string.Join(", ", verdict.Reasons) : "");

    /// <summary>What earlier comments say about this author, website and text.</summary>
    private async Task<CommentHistory> HistoryAsync(Comment comment, CancellationToken ct)
    {
        var byAuthor = await db.Comments.Where(c => c.Email == comment.Email || (comment.IpHash != null && c.IpHash == comment.IpHash))
            .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var byWebsite = comment.WebsiteDomain is null ? [] : await db.Comments.Where(c => c.WebsiteDomain == comment.WebsiteDomain)
            .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var recently = comment.CreatedAt.AddDays(-7);
        // Short texts ("Thanks!", "Great piece") are said by many honest readers; only longer ones count as copies.
        var sameText = comment.Body.Length >= 50
            && await db.Comments.AnyAsync(c => c.CreatedAt > recently && c.ArticleId != comment.ArticleId && c.Body == comment.Body, ct);
        return new CommentHistory(
            byAuthor.Where(r => r.Status == CommentStatus.Spam).Sum(r => r.Count), byAuthor.Where(r => r.Status == CommentStatus.Approved).Sum(r => r.Count),
            byWebsite.Where(r => r.Status == CommentStatus.Spam).Sum(r => r.Count), byWebsite.Where(r => r.Status == CommentStatus.Approved).Sum(r => r.Count),
            sameText);
    }

    public static bool CommentsClosed(CommentPolicy policy, DateTime publishedAt, DateTime now, CommentsOptions settings) =>
        policy.Closed
        || (policy.CloseAfterHours is { } hours && now >= publishedAt.AddHours(hours))
        || (settings.CloseAfterDays is { } days && now >= publishedAt.AddDays(days));

    private async Task<TooFast?> TooFastAsync(Comment comment, CommentPolicy policy, CommentsOptions settings, DateTime now, CancellationToken ct)
    {
        var ip = comment.IpHash;
        if (settings.FloodIntervalSeconds > 0)
        {
            var since = now.AddSeconds(-settings.FloodIntervalSeconds);
            if (await db.Comments.AnyAsync(c => (c.Email == comment.Email || (ip != null && c.IpHash == ip)) && c.CreatedAt > since, ct))
            {
                return new TooFast(TooFast.FloodMessage);
            }
        }
        if (policy.SlowModeMinutes is { } minutes)
        {
            var since = now.AddMinutes(-minutes);
            if (await db.Comments.AnyAsync(c => c.ArticleId == comment.ArticleId
                && (c.Email == comment.Email || (ip != null && c.IpHash == ip)) && c.CreatedAt > since, ct))
            {
                return new TooFast($"Slow mode is on for this article: one comment every {minutes} minutes, please.");
            }
        }
        return null;
    }

    private static CommentForm Clean(CommentForm form) => form with
    {
        Comment = form.Comment is null ? null : CleanText.Block(form.Comment).Trim() is { Length: > 0 } c ? c : null,
        Name = form.Name is null ? null : CleanText.Line(form.Name) is { Length: > 0 } n ? n : null,
        Email = form.Email is null ? null : CleanText.Line(form.Email).ToLowerInvariant() is { Length: > 0 } e ? e : null,
        Website = form.Website is null ? null : CleanText.Line(form.Website) is { Length: > 0 } w ? w : null,
    };

    private static Dictionary<string, string[]> Errors(string field, string message) => new() { [field] = [message] };
}
