using System.Diagnostics;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Jobs;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Newsletters;

/// <summary>
/// Sends the issues <see cref="NewsletterEditions"/> started, one node at a time for the whole site (the
/// "newsletter-sender" lease: when the node sending dies, another takes over within seconds), at
/// Broadsheet:Newsletters:MessagesPerSecond, over one relay connection per batch.
/// <para>
/// Exactly once: each delivery is marked <see cref="DeliveryState.Handed"/> in the database as its message's content
/// starts to go to the relay, before the end-of-message line that makes the relay take it. A sender killed before that
/// mark leaves a message the relay never took (it discards a message whose end it did not get), and the next sender
/// sends it; one killed after it leaves a message marked, which is never sent again. What is left between the two is
/// the few microseconds of writing the rest of one message to the socket (decision 0026).
/// </para>
/// Pacing and polling use the wall clock, not the site's: they are about the relay's throughput.
/// </summary>
public sealed class NewsletterSender(
    IServiceProvider services, IOptionsMonitor<NewslettersOptions> options, IOptionsMonitor<NotificationsOptions> mailOptions,
    ILogger<NewsletterSender> logger) : BackgroundService
{
    public const string LeaseName = "newsletter-sender";
    private const int MaxAttempts = 3;
    // One per site instance (not static): a test process runs several sites, and a wake must reach this one's sender.
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    /// <summary>An issue was started on this node: look now rather than at the next poll.</summary>
    public void Wake() => _signal.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var leases = services.GetRequiredService<Leases>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!mailOptions.CurrentValue.Enabled)
                {
                    await WaitAsync(TimeSpan.FromSeconds(10), stoppingToken);
                    continue;
                }
                await using var lease = await leases.TryAcquireAsync(LeaseName, TimeSpan.Zero, stoppingToken);
                if (lease is null)
                {
                    await WaitAsync(PeriodicJob.LeaseRetry, stoppingToken);
                    continue;
                }
                using var working = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                while (!working.IsCancellationRequested)
                {
                    if (!await SendNextAsync(working.Token))
                    {
                        await WaitAsync(TimeSpan.FromSeconds(2), working.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Lost the newsletter sender's lease; asking for it again.");
            }
            catch (Exception e)
            {
                logger.LogError(e, "The newsletter sender failed; trying again in 10 s.");
                await WaitAsync(TimeSpan.FromSeconds(10), stoppingToken);
            }
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        try
        {
            await _signal.WaitAsync(wait, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends what is left of the oldest unfinished issue; false when there is none.</summary>
    public async Task<bool> SendNextAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        if (await db.NewsletterSends.Where(s => s.FinishedAt == null).OrderBy(s => s.Id).FirstOrDefaultAsync(ct) is not { } send)
        {
            return false;
        }
        var list = await db.NewsletterLists.AsNoTracking().SingleAsync(l => l.Id == send.ListId, ct);
        var ordered = send.ArticleIds.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var cards = await scope.ServiceProvider.GetRequiredService<ArticleQueries>().CardsAsync(db, ordered, ct);
        var template = scope.ServiceProvider.GetRequiredService<NewsletterMail>().Issue(list, send.Subject, null, cards);
        var links = scope.ServiceProvider.GetRequiredService<NewsletterLinks>();
        var from = scope.ServiceProvider.GetRequiredService<MailOutbox>().Sender;
        var metrics = scope.ServiceProvider.GetRequiredService<Infrastructure.Metrics.BroadsheetMetrics>();
        var host = from.Domain is { Length: > 0 } domain ? domain : "localhost";
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var pace = new Pace(options.CurrentValue.MessagesPerSecond);
        var outage = TimeSpan.Zero;
        while (true)
        {
            var batch = await db.NewsletterDeliveries.AsNoTracking()
                .Where(d => d.SendId == send.Id && d.State == DeliveryState.Pending)
                .OrderBy(d => d.SubscriberId)
                .Take(options.CurrentValue.BatchSize)
                .Join(db.Subscribers, d => d.SubscriberId, s => s.Id, (d, s) => new { d.SubscriberId, d.Attempts, s.Email, s.StoppedAt })
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            var delivered = new List<int>();
            int? current = null;
            SmtpClient? smtp = null;
            try
            {
                smtp = await MailOutbox.ConnectAsync(mailOptions.CurrentValue, ct);
                foreach (var recipient in batch)
                {
                    if (recipient.StoppedAt is not null)
                    {
                        await MarkAsync(db, send.Id, recipient.SubscriberId, DeliveryState.Failed, "Stopped: the address bounced or complained.", ct);
                        continue;
                    }
                    await pace.NextAsync(ct);
                    using var message = NewsletterMail.Personal(template, from, recipient.Email,
                        links.Absolute(links.ManagePath(recipient.SubscriberId)),
                        links.Absolute(links.UnsubscribePath(recipient.SubscriberId, list.Id)),
                        $"send-{send.Id}.{recipient.SubscriberId}@{host}");
                    var handOver = new HandOver(db, clock, send.Id, recipient.SubscriberId);
                    current = recipient.SubscriberId;
                    try
                    {
                        await smtp.SendAsync(message, ct, handOver);
                        delivered.Add(recipient.SubscriberId);
                        metrics.Mail(sent: true);
                    }
                    catch (SmtpCommandException refused)
                    {
                        // The relay refused this message or this recipient; the connection goes on with the next.
                        metrics.Mail(sent: false);
                        await MarkAsync(db, send.Id, recipient.SubscriberId, DeliveryState.Failed, $"{(int)refused.StatusCode} {refused.Message}", ct);
                    }
                    current = null;
                }
                await smtp.DisconnectAsync(quit: true, ct);
                outage = TimeSpan.Zero;
            }
            catch (Exception e) when (MailOutbox.IsSmtpFailure(e))
            {
                // The relay is away or dropped the connection: the send waits for it, longer each time, and goes on
                // where it stopped. Only a message during which the connection failed again and again is given up.
                outage = TimeSpan.FromSeconds(Math.Clamp(outage.TotalSeconds * 2, 1, 30));
                logger.LogWarning(e, "The relay failed while sending \"{Subject}\"; trying again in {Seconds} s.", send.Subject, outage.TotalSeconds);
                if (current is { } failing)
                {
                    await db.NewsletterDeliveries.Where(d => d.SendId == send.Id && d.SubscriberId == failing && d.State == DeliveryState.Pending)
                        .ExecuteUpdateAsync(set => set.SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.Error, Truncate(e.Message)), ct);
                    await db.NewsletterDeliveries.Where(d => d.SendId == send.Id && d.SubscriberId == failing && d.State == DeliveryState.Pending && d.Attempts >= MaxAttempts)
                        .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, DeliveryState.Failed), ct);
                }
                await Task.Delay(outage, ct);
            }
            finally
            {
                smtp?.Dispose();
                await db.NewsletterDeliveries.Where(d => d.SendId == send.Id && delivered.Contains(d.SubscriberId))
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, DeliveryState.Delivered), CancellationToken.None);
            }
        }
        await db.NewsletterSends.Where(s => s.Id == send.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.FinishedAt, clock.GetUtcNow().UtcDateTime), ct);
        logger.LogInformation("Sent \"{Subject}\" to {Recipients} subscribers.", send.Subject, send.Recipients);
        return true;
    }

    private static Task<int> MarkAsync(BroadsheetDb db, int sendId, int subscriberId, DeliveryState state, string error, CancellationToken ct) =>
        db.NewsletterDeliveries.Where(d => d.SendId == sendId && d.SubscriberId == subscriberId)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, state).SetProperty(d => d.Error, Truncate(error)), ct);

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    /// <summary>
    /// Marks the delivery handed over when the message's first bytes go to the relay (MailKit reports progress as it
    /// writes the content, after DATA is accepted and before the end-of-message line).
    /// </summary>
    private sealed class HandOver(BroadsheetDb db, TimeProvider clock, int sendId, int subscriberId) : ITransferProgress
    {
        private bool _marked;

        public void Report(long bytesTransferred, long totalSize) => Mark();

        public void Report(long bytesTransferred) => Mark();

        private void Mark()
        {
            if (_marked)
            {
                return;
            }
            _marked = true;
            // Synchronous on purpose: the message's end must not reach the relay before this is committed.
            db.NewsletterDeliveries.Where(d => d.SendId == sendId && d.SubscriberId == subscriberId && d.State == DeliveryState.Pending)
                .ExecuteUpdate(set => set.SetProperty(d => d.State, DeliveryState.Handed).SetProperty(d => d.HandedAt, clock.GetUtcNow().UtcDateTime));
        }
    }

    /// <summary>Spaces messages evenly at a rate, catching up after a slow one rather than bursting.</summary>
    private sealed class Pace(int perSecond)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly double _interval = 1000.0 / perSecond;
        private double _next;

        public async Task NextAsync(CancellationToken ct)
        {
            var now = _clock.Elapsed.TotalMilliseconds;
            if (_next > now)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_next - now), ct);
            }
            _next = Math.Max(_next, now - _interval) + _interval;
        }
    }
}
