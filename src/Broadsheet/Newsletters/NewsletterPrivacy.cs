using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Newsletters;

public sealed record SubscriberDataExport(
    string Email, DateTime? SignedUpAt, DateTime? ConfirmedAt, DateTime? StoppedAt, string? StopReason,
    IReadOnlyList<ExportedSubscription> Subscriptions, IReadOnlyList<ExportedDelivery> Emails);

public sealed record ExportedSubscription(string List, DateTime SubscribedAt, DateTime? LeftAt);

public sealed record ExportedDelivery(string Subject, DateTime StartedAt, string State);

/// <summary>What the site keeps about a subscriber, as the privacy page promises: a copy on request, and erasure.</summary>
public sealed class NewsletterPrivacy(BroadsheetDb db)
{
    public async Task<SubscriberDataExport> ExportAsync(string email, CancellationToken ct)
    {
        var address = Subscribing.Normalise(email);
        var subscriber = await db.Subscribers.AsNoTracking().SingleOrDefaultAsync(s => s.Email == address, ct);
        if (subscriber is null)
        {
            return new SubscriberDataExport(address, null, null, null, null, [], []);
        }
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.SubscriberId == subscriber.Id)
            .Join(db.NewsletterLists, s => s.ListId, l => l.Id, (s, l) => new { l.Name, s.SubscribedAt, s.LeftAt, s.Id })
            .OrderBy(s => s.Id).ToListAsync(ct);
        var emails = await db.NewsletterDeliveries.AsNoTracking().Where(d => d.SubscriberId == subscriber.Id)
            .Join(db.NewsletterSends, d => d.SendId, s => s.Id, (d, s) => new { s.Subject, s.CreatedAt, d.State, s.Id })
            .OrderBy(d => d.Id).ToListAsync(ct);
        return new SubscriberDataExport(subscriber.Email, Utc(subscriber.CreatedAt), Utc(subscriber.ConfirmedAt), Utc(subscriber.StoppedAt), subscriber.StopReason,
            [.. subscriptions.Select(s => new ExportedSubscription(s.Name, Utc(s.SubscribedAt), Utc(s.LeftAt)))],
            [.. emails.Select(e => new ExportedDelivery(e.Subject, Utc(e.CreatedAt), e.State.ToString().ToLowerInvariant()))]);
    }

    /// <summary>Deletes the address and everything kept with it (its lists, its history of emails). Returns 1, or 0 when it was not known.</summary>
    public async Task<int> EraseAsync(string email, CancellationToken ct)
    {
        var address = Subscribing.Normalise(email);
        if (await db.Subscribers.Where(s => s.Email == address).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct) is not { } id)
        {
            return 0;
        }
        await db.NewsletterDeliveries.Where(d => d.SubscriberId == id).ExecuteDeleteAsync(ct);
        await db.Subscriptions.Where(s => s.SubscriberId == id).ExecuteDeleteAsync(ct);
        return await db.Subscribers.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static DateTime? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
