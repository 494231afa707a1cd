using System.Globalization;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Newsletters;

/// <summary>The outcome of a confirmation or a one-click link: done, or why nothing changed.</summary>
public enum LinkOutcome
{
    Done,
    Invalid,
    Expired,
}

/// <summary>A subscriber's lists as the manage page shows them.</summary>
public sealed record SubscriberLists(int SubscriberId, string Email, IReadOnlyList<(ListChoice List, bool Subscribed)> Lists);

/// <summary>
/// Readers joining and leaving. A sign-up is double opt-in: it sends a link to the address, and only that link
/// subscribes it. The answer to a sign-up never says whether the address was known, and an address gets at most one
/// confirmation email an hour, however often it is typed in.
/// </summary>
public sealed class Subscribing(
    BroadsheetDb db, TimeProvider clock, NewsletterLists lists, NewsletterLinks links, NewsletterMail mail, MailOutbox outbox,
    IOptionsMonitor<NewslettersOptions> options)
{
    public const string EmailMessage = "Please give an email address, such as name@example.org.";
    public const string DisposableMessage = "This looks like a throwaway address: please give one you will keep reading.";
    public const string NoListMessage = "Please choose at least one newsletter.";
    public static readonly TimeSpan ConfirmationInterval = TimeSpan.FromHours(1);

    /// <summary>Throwaway-mailbox services, refused at sign-up (Broadsheet:Newsletters:DisposableDomains adds more).</summary>
    private static readonly HashSet<string> KnownDisposable = new(StringComparer.OrdinalIgnoreCase)
    {
        "mailinator.com", "guerrillamail.com", "guerrillamail.net", "sharklasers.com", "10minutemail.com", "yopmail.com",
        "temp-mail.org", "tempmail.com", "trashmail.com", "getnada.com", "dispostable.com", "throwawaymail.com",
        "maildrop.cc", "fakeinbox.com", "mailnesia.com", "mintemail.com", "spamgourmet.com", "discard.email",
    };

    /// <summary>Field messages for a sign-up, empty when it is accepted (and a confirmation is on its way, at most hourly).</summary>
    public async Task<Dictionary<string, string[]>> SignUpAsync(string? email, IReadOnlyCollection<int> listIds, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!lists.CanSend)
        {
            errors["form"] = [NewsletterLists.NoMailMessage];
            return errors;
        }
        var address = Normalise(email);
        if (!IsAddress(address))
        {
            errors["email"] = [EmailMessage];
        }
        else if (IsDisposable(address))
        {
            errors["email"] = [DisposableMessage];
        }
        var openLists = await lists.OpenAsync(ct);
        var open = openLists.Select(l => l.Id).ToHashSet();
        var chosen = listIds.Where(open.Contains).Distinct().ToList();
        if (chosen.Count == 0)
        {
            errors["lists"] = [NoListMessage];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.Email == address, ct);
            if (subscriber is null)
            {
                subscriber = new Subscriber { Email = address, CreatedAt = now };
                db.Subscribers.Add(subscriber);
            }
            if (subscriber.StoppedAt is not null)
            {
                // Its mail bounced or its owner complained: nothing more goes there, and the answer is the same.
                return errors;
            }
            subscriber.PendingListIds = Ids([.. ParseIds(subscriber.PendingListIds), .. chosen]);
            var sendNow = subscriber.ConfirmationSentAt is not { } last || now - last >= ConfirmationInterval;
            if (sendNow)
            {
                subscriber.ConfirmationSentAt = now;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same address signed up at the same moment elsewhere: add to that row.
                db.ChangeTracker.Clear();
                continue;
            }
            if (sendNow)
            {
                var pending = ParseIds(subscriber.PendingListIds);
                var names = openLists.Where(l => pending.Contains(l.Id)).Select(l => l.Name).ToList();
                var expires = now.AddHours(options.CurrentValue.ConfirmationHours);
                outbox.Enqueue(mail.Confirmation(address, names, links.Absolute(links.ConfirmPath(subscriber.Id, now, expires)), expires));
            }
            return errors;
        }
    }

    /// <summary>The confirmation link: the address is confirmed and joins the lists it asked for.</summary>
    public async Task<(LinkOutcome Outcome, IReadOnlyList<string> Joined, int SubscriberId)> ConfirmAsync(
        int subscriberId, long sent, long expires, string? signature, CancellationToken ct)
    {
        if (!links.IsConfirmation(subscriberId, sent, expires, signature))
        {
            return (LinkOutcome.Invalid, [], 0);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime < now)
        {
            return (LinkOutcome.Expired, [], 0);
        }
        if (await db.Subscribers.FindAsync([subscriberId], ct) is not { StoppedAt: null } subscriber)
        {
            return (LinkOutcome.Invalid, [], 0);
        }
        subscriber.ConfirmedAt ??= now;
        var wanted = ParseIds(subscriber.PendingListIds);
        subscriber.PendingListIds = "";
        var joined = await JoinAsync(subscriber.Id, await lists.OpenAsync(ct), wanted, now, ct);
        await db.SaveChangesAsync(ct);
        return (LinkOutcome.Done, joined, subscriber.Id);
    }

    public async Task<SubscriberLists?> ListsOfAsync(int subscriberId, CancellationToken ct)
    {
        if (await db.Subscribers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriberId, ct) is not { } subscriber)
        {
            return null;
        }
        var current = await CurrentListIdsAsync(subscriberId, ct);
        return new SubscriberLists(subscriber.Id, subscriber.Email, [.. (await lists.OpenAsync(ct)).Select(l => (l, current.Contains(l.Id)))]);
    }

    /// <summary>The manage page's save: exactly these open lists from now on (an empty choice leaves them all).</summary>
    public async Task ChooseAsync(int subscriberId, IReadOnlyCollection<int> listIds, CancellationToken ct)
    {
        if (await db.Subscribers.FindAsync([subscriberId], ct) is not { StoppedAt: null } subscriber)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // The manage link only ever reaches the address's own inbox: using it confirms the address.
        subscriber.ConfirmedAt ??= now;
        var openLists = await lists.OpenAsync(ct);
        var open = openLists.Select(l => l.Id).ToHashSet();
        var wanted = listIds.Where(open.Contains).ToHashSet();
        await JoinAsync(subscriberId, openLists, wanted, now, ct);
        foreach (var subscription in await db.Subscriptions.Where(s => s.SubscriberId == subscriberId && s.LeftAt == null).ToListAsync(ct))
        {
            if (open.Contains(subscription.ListId) && !wanted.Contains(subscription.ListId))
            {
                subscription.LeftAt = now;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Leaves one list (the one-click unsubscribe) or, with <paramref name="listId"/> null, every list.</summary>
    public async Task<int> LeaveAsync(int subscriberId, int? listId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var current = db.Subscriptions.Where(s => s.SubscriberId == subscriberId && s.LeftAt == null);
        if (listId is { } one)
        {
            current = current.Where(s => s.ListId == one);
        }
        return await current.ExecuteUpdateAsync(set => set.SetProperty(s => s.LeftAt, now), ct);
    }

    /// <summary>
    /// Bounces and complaints fed back from the relay or the mail provider: no more mail of any kind goes to these
    /// addresses, including what is waiting in a send. Returns the addresses it knew and those it did not.
    /// </summary>
    public async Task<(int Stopped, int Unknown)> StopAsync(IEnumerable<string> addresses, string reason, CancellationToken ct)
    {
        var normalised = addresses.Select(Normalise).Where(a => a.Length > 0).Distinct().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await db.Subscribers.Where(s => normalised.Contains(s.Email)).Select(s => s.Id).ToListAsync(ct);
        await db.Subscribers.Where(s => ids.Contains(s.Id) && s.StoppedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.StoppedAt, now).SetProperty(s => s.StopReason, reason), ct);
        await db.NewsletterDeliveries.Where(d => ids.Contains(d.SubscriberId) && d.State == DeliveryState.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.Error, "Stopped: " + reason), ct);
        return (ids.Count, normalised.Count - ids.Count);
    }

    /// <summary>Deletes sign-ups never confirmed within Broadsheet:Newsletters:UnconfirmedDays.</summary>
    public async Task<int> PurgeUnconfirmedAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.UnconfirmedDays);
        return await db.Subscribers.Where(s => s.ConfirmedAt == null && s.CreatedAt < before).ExecuteDeleteAsync(ct);
    }

    private async Task<List<string>> JoinAsync(int subscriberId, IReadOnlyList<ListChoice> open, IEnumerable<int> listIds, DateTime now, CancellationToken ct)
    {
        var current = await CurrentListIdsAsync(subscriberId, ct);
        var joined = new List<string>();
        foreach (var list in open.Where(l => listIds.Contains(l.Id)))
        {
            if (!current.Contains(list.Id))
            {
                db.Subscriptions.Add(new Subscription { SubscriberId = subscriberId, ListId = list.Id, SubscribedAt = now });
            }
            joined.Add(list.Name);
        }
        return joined;
    }

    private async Task<HashSet<int>> CurrentListIdsAsync(int subscriberId, CancellationToken ct) =>
        [.. await db.Subscriptions.Where(s => s.SubscriberId == subscriberId && s.LeftAt == null).Select(s => s.ListId).ToListAsync(ct)];

    public static string Normalise(string? email) => (email ?? "").Trim().ToLowerInvariant();

    public static bool IsAddress(string address) =>
        address.Length is > 2 and <= Subscriber.EmailMaxLength
        && MimeKit.MailboxAddress.TryParse(address, out var parsed) && parsed.Address == address
        && address.IndexOf('@', StringComparison.Ordinal) is var at and > 0
        && address[(at + 1)..] is var domain && domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.')
        && !address.Any(char.IsWhiteSpace);

    private bool IsDisposable(string address)
    {
        var domain = address[(address.IndexOf('@', StringComparison.Ordinal) + 1)..];
        return KnownDisposable.Contains(domain) || options.CurrentValue.DisposableDomains.Contains(domain, StringComparer.OrdinalIgnoreCase);
    }

    public static HashSet<int> ParseIds(string ids) =>
        [.. ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(i => int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(i => i > 0)];

    public static string Ids(IEnumerable<int> ids) => string.Join(',', ids.Distinct().Order());
}
