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
    SpamFilter spam, IOptionsMonitor<SpamOptions> spamOptions, AkismetClient akismet, Caching.PageCache pages, SqliteWriteGate writes,
    SqlDialect dialect, Infrastructure.Metrics.BroadsheetMetrics metrics)
{
    public const string ClosedMessage = "Comments are closed on this article.";

    /// <param name="evidence">The form's own evidence (honeypot, time to submit); null for API posts, which have none.</param>
    public async Task<PostResult> PostAsync(int articleId, CommentForm input, Commenter by, FormEvidence? evidence, CancellationToken ct)
    {
        var result = await PostOrRefuseAsync(articleId, input, by, evidence, ct);
        metrics.CommentPosted(result switch
        {
            Posted posted => ModeratedComment.StatusName(posted.Comment.Status),
            Duplicate => "duplicate",
            TooFast => "too_fast",
            _ => "refused",
        });
        return result;
    }

    private async Task<PostResult> PostOrRefuseAsync(int articleId, CommentForm input, Commenter by, FormEvidence? evidence, CancellationToken ct)
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
            ArticleId = articleId, Name = name, Email = email, Website = form.Website, Body = body, BodyHtml = CommentText.ToHtml(body), TextHash = CommentText.Fingerprint(body),
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
        var facts = await FactsAsync(comment, ct);
        if (facts.Duplicate)
        {
            return new Duplicate();
        }
        await DecideAsync(comment, form, by, evidence, SitePaths.Article(article.Path, article.Slug), article.Comments.PreModerate, facts, ct);

        using (await writes.EnterAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Looked at again once this reader's other posts have landed: concurrent posts all passed the first look.
            await dialect.LockAsync(db.Database, comment.IpHash is { } ipHash ? [comment.Email, ipHash] : [comment.Email], ct);
            if (await TooFastAsync(comment, article.Comments, settings, now, ct) is { } floodedMeanwhile)
            {
                return floodedMeanwhile;
            }
            if (await IsDuplicateAsync(comment, ct))
            {
                return new Duplicate();
            }
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
        }
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
    private async Task DecideAsync(
        Comment comment, CommentForm form, Commenter by, FormEvidence? evidence, string permalink, bool preModerated, PostingFacts facts, CancellationToken ct)
    {
        var filtered = await JudgeSpamAsync(comment, form, evidence, by, permalink, facts.History, ct);
        if (filtered is { Score: var score } && score >= spamOptions.CurrentValue.QueueScore)
        {
            (comment.Status, comment.JudgedSpam, comment.Reasons) = (CommentStatus.Spam, true, SpamReasons(filtered));
            return;
        }
        var verdict = CommentRules.Judge(new CommentFacts(
            comment.Name, comment.Email, comment.Website, comment.Body, by.Ip, by.UserAgent, facts.PreviouslyApproved, preModerated), options.CurrentValue);
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

    private async Task<SpamVerdict?> JudgeSpamAsync(
        Comment comment, CommentForm form, FormEvidence? evidence, Commenter by, string permalink, CommentHistory history, CancellationToken ct)
    {
        var settings = spamOptions.CurrentValue;
        if (!settings.Enabled)
        {
            return null;
        }
        var verdict = await spam.JudgeAsync(new SpamInput(comment.Body, comment.Name, form.Website, evidence, history), ct);
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

    /// <summary>
    /// What earlier comments say about this one, in one round trip (this is the hottest write path): is it a
    /// duplicate, has this name and email been approved before, and the history the spam filter weighs. Counts stop
    /// at a cap, each read from one index's entries ((Email, Status), (IpHash, Status), (WebsiteDomain, Status)):
    /// the signals grow with the logarithm of a count, so past the cap it says nothing new, and a busy address costs
    /// no more than a new one. Duplicates and the same text elsewhere are found by the text's fingerprint.
    /// </summary>
    private async Task<PostingFacts> FactsAsync(Comment c, CancellationToken ct)
    {
        var (spam, approved, trash, cap) = ((int)CommentStatus.Spam, (int)CommentStatus.Approved, (int)CommentStatus.Trash, HistoryCap);
        var ip = c.IpHash ?? "";
        var domain = c.WebsiteDomain ?? "";
        var recently = c.CreatedAt.AddDays(-7);
        // Short texts ("Thanks!", "Great piece") are said by many honest readers; only longer ones count as copies.
        var textHash = c.Body.Length >= 50 ? c.TextHash : "";
        // The duplicate check goes through the text's fingerprint: an article's own comments can be thousands.
        // Portable SQL (SQLite 3.39+ and PostgreSQL): IS NOT DISTINCT FROM, named derived tables, counts as bigint.
        var row = await db.Database.SqlQuery<PostingFactsRow>($"""
            SELECT
              EXISTS (SELECT 1 FROM "Comments" WHERE "TextHash" = {c.TextHash} AND "ArticleId" = {c.ArticleId} AND "ParentId" IS NOT DISTINCT FROM {c.ParentId}
                      AND "Name" = {c.Name} AND "Email" = {c.Email} AND "Body" = {c.Body} AND "Status" <> {trash}) AS "Duplicate",
              EXISTS (SELECT 1 FROM "Comments" WHERE "Email" = {c.Email} AND "Name" = {c.Name} AND "Status" = {approved}) AS "PreviouslyApproved",
              (SELECT COUNT(*) FROM (SELECT 1 FROM "Comments" WHERE "Email" = {c.Email} AND "Status" = {spam} LIMIT {cap}) AS capped) AS "EmailSpam",
              (SELECT COUNT(*) FROM (SELECT 1 FROM "Comments" WHERE "Email" = {c.Email} AND "Status" = {approved} LIMIT {cap}) AS capped) AS "EmailApproved",
              (SELECT COUNT(*) FROM (SELECT 1 FROM "Comments" WHERE "IpHash" = {ip} AND "Status" = {spam} AND "Email" <> {c.Email} LIMIT {cap}) AS capped) AS "AddressSpam",
              (SELECT COUNT(*) FROM (SELECT 1 FROM "Comments" WHERE "IpHash" = {ip} AND "Status" = {approved} AND "Email" <> {c.Email} LIMIT {cap}) AS capped) AS "AddressApproved",
              (SELECT COUNT(*) FROM (SELECT 1 FROM "Comments" WHERE "WebsiteDomain" = {domain} AND "Status" = {spam} LIMIT {cap}) AS capped) AS "WebsiteSpam",
              (SELECT COUNT(*) FROM (SELECT 1 FROM "Comments" WHERE "WebsiteDomain" = {domain} AND "Status" = {approved} LIMIT {cap}) AS capped) AS "WebsiteApproved",
              EXISTS (SELECT 1 FROM "Comments" WHERE "TextHash" = {textHash} AND "CreatedAt" > {recently} AND "ArticleId" <> {c.ArticleId}) AS "SameText"
            """).SingleAsync(ct);
        return new PostingFacts(row.Duplicate, row.PreviouslyApproved,
            new CommentHistory((int)row.EmailSpam, (int)row.EmailApproved, (int)row.AddressSpam, (int)row.AddressApproved, (int)row.WebsiteSpam, (int)row.WebsiteApproved, row.SameText));
    }

    private Task<bool> IsDuplicateAsync(Comment c, CancellationToken ct) =>
        db.Comments.AnyAsync(o => o.TextHash == c.TextHash && o.ArticleId == c.ArticleId && o.ParentId == c.ParentId
            && o.Name == c.Name && o.Email == c.Email && o.Body == c.Body && o.Status != CommentStatus.Trash, ct);

    private sealed record PostingFacts(bool Duplicate, bool PreviouslyApproved, CommentHistory History);

    private sealed class PostingFactsRow
    {
        public bool Duplicate { get; init; }
        public bool PreviouslyApproved { get; init; }
        public long EmailSpam { get; init; }
        public long EmailApproved { get; init; }
        public long AddressSpam { get; init; }
        public long AddressApproved { get; init; }
        public long WebsiteSpam { get; init; }
        public long WebsiteApproved { get; init; }
        public bool SameText { get; init; }
    }

    private const int HistoryCap = 50;

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
