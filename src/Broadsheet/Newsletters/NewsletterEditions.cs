using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Newsletters;

/// <summary>What an issue will carry, before it is sent: the preview an editor sees.</summary>
public sealed record IssuePreview(NewsletterList List, string Subject, IReadOnlyList<ArticleCard> Articles, int Recipients, string Edition);

/// <summary>Why an issue was not started.</summary>
public sealed record NotStarted(string Reason);

/// <summary>
/// Starting an issue: a list's digest of the last day's articles, or an article as breaking news. Starting writes the
/// send and one delivery per current subscriber in one transaction, and the edition is unique on its list, so an
/// issue starts once however many editors, schedules or nodes ask; <see cref="NewsletterSender"/> then sends it.
/// </summary>
public sealed class NewsletterEditions(
    BroadsheetDb db, ArticleQueries articles, SiteClock siteClock, TimeProvider clock, Sections.SectionTreeCache sections, NewsletterLists lists, NewsletterSender sender)
{
    public const int DigestMaxArticles = 30;
    public static readonly TimeSpan DigestPeriod = TimeSpan.FromHours(24);

    /// <summary>A digest's edition is its local date: one a day per list.</summary>
    public string DigestEdition(DateTime utc) => siteClock.Local(utc).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string AlertEdition(int articleId) => $"article-{articleId}";

    public async Task<IssuePreview?> PreviewDigestAsync(int listId, CancellationToken ct)
    {
        if (await db.NewsletterLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.Kind == NewsletterKind.Digest, ct) is not { } list)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<int>? sectionIds = list.SectionId is { } section ? (await sections.GetAsync(ct)).SubtreeIds(section) : null;
        var cards = (await articles.ListPublicAsync(new ArticleFilter(SectionIds: sectionIds, From: now - DigestPeriod), null, DigestMaxArticles, ct)).Items;
        var subject = $"{list.Name}: {siteClock.Local(now).ToString("dddd d MMMM", siteClock.Culture)}";
        return new IssuePreview(list, subject, cards, await RecipientsOf(listId).CountAsync(ct), DigestEdition(now));
    }

    public const string NoMailServer = "No mail server is set (Broadsheet:Notifications:SmtpHost): nothing can be sent.";

    public async Task<object> StartDigestAsync(int listId, string startedBy, CancellationToken ct)
    {
        if (!lists.CanSend)
        {
            return new NotStarted(NoMailServer);
        }
        if (await PreviewDigestAsync(listId, ct) is not { } preview)
        {
            return new NotStarted("There is no such digest.");
        }
        if (preview.List.IsRetired)
        {
            return new NotStarted("This newsletter is retired: open it again to send it.");
        }
        if (preview.Articles.Count == 0)
        {
            return new NotStarted("Nothing was published in the last day: there is nothing to send.");
        }
        if (preview.Recipients == 0)
        {
            // Nor is an edition used up on nobody: the schedule tries again, and sends once someone has joined.
            return new NotStarted("Nobody has subscribed to this newsletter yet.");
        }
        return await StartAsync(preview.List.Id, preview.Edition, preview.Subject, [.. preview.Articles.Select(a => a.Id)], startedBy, ct);
    }

    /// <summary>Sends a public article to every open alert list, once per article.</summary>
    public async Task<object> StartAlertAsync(int articleId, string startedBy, CancellationToken ct)
    {
        if (!lists.CanSend)
        {
            return new NotStarted(NoMailServer);
        }
        var card = (await articles.CardsAsync(db, [articleId], ct)).SingleOrDefault();
        var now = clock.GetUtcNow().UtcDateTime;
        if (card is null || !await db.Articles.Where(ArticleStatuses.IsPublic(now)).AnyAsync(a => a.Id == articleId, ct))
        {
            return new NotStarted("Only a published article can go out as breaking news.");
        }
        var alertLists = (await lists.OpenAsync(ct)).Where(l => l.Kind == NewsletterKind.Alert).ToList();
        if (alertLists.Count == 0)
        {
            return new NotStarted("There is no open breaking-news list.");
        }
        object result = new NotStarted("");
        foreach (var list in alertLists)
        {
            result = await StartAsync(list.Id, AlertEdition(articleId), $"Breaking: {card.Title}", [articleId], startedBy, ct);
        }
        return result;
    }

    /// <summary>Confirmed, not stopped, on the list now.</summary>
    private IQueryable<int> RecipientsOf(int listId) =>
        NewsletterLists.Receiving(db).Where(s => s.ListId == listId).Select(s => s.SubscriberId).Distinct();

    private async Task<object> StartAsync(int listId, string edition, string subject, IReadOnlyList<int> articleIds, string startedBy, CancellationToken ct)
    {

        if (await db.NewsletterSends.AsNoTracking().SingleOrDefaultAsync(s => s.ListId == listId && s.Edition == edition, ct) is { } earlier)
        {
            return new NotStarted(earlier.FinishedAt is null ? "This issue is being sent already." : "This issue has been sent already.");
        }
        var send = new NewsletterSend
        {
            ListId = listId, Edition = edition, Subject = subject, ArticleIds = string.Join(',', articleIds),
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = startedBy,
        };
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                db.NewsletterSends.Add(send);
                await db.SaveChangesAsync(ct);
                // One statement for every recipient: 100,000 rows are one round trip, not 100,000 entities.
                send.Recipients = await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "NewsletterDeliveries" ("SendId", "SubscriberId", "State", "Attempts")
                    SELECT DISTINCT {send.Id}, s."SubscriberId", 0, 0 FROM "Subscriptions" s
                    JOIN "Subscribers" r ON r."Id" = s."SubscriberId"
                    WHERE s."ListId" = {listId} AND s."LeftAt" IS NULL AND r."ConfirmedAt" IS NOT NULL AND r."StoppedAt" IS NULL
                    """, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (DbUpdateException)
        {
            // Another editor, schedule or node started the same issue a moment before.
            db.ChangeTracker.Clear();
            return new NotStarted("This issue is being sent already.");
        }
        sender.Wake();
        return send;
    }
}
