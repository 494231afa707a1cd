using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Popular;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Metrics;

/// <summary>
/// Gauges read when metrics are collected: the mail outbox and the views waiting to be saved (this node's memory),
/// how long since views were last saved, and the moderation queue (read from the database at most every 15 s,
/// in the background, so a scrape never waits for it).
/// </summary>
public sealed class BroadsheetGauges
{
    private static readonly TimeSpan QueueRefresh = TimeSpan.FromSeconds(15);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private long _pendingComments;
    private long _pendingReadAtTicks;
    private int _reading;

    public BroadsheetGauges(BroadsheetMetrics metrics, MailOutbox outbox, PopularCounter counter, PopularFlusher flusher, IServiceScopeFactory scopes, TimeProvider clock)
    {
        (_scopes, _clock) = (scopes, clock);
        var meter = metrics.Meter;
        meter.CreateObservableGauge("broadsheet.mail.outbox", () => (long)outbox.Queued, "{message}", "Emails waiting to be sent.");
        meter.CreateObservableGauge("broadsheet.popular.pending_views", () => counter.PendingViews, "{view}", "Views counted in memory, not yet saved.");
        meter.CreateObservableGauge("broadsheet.popular.remembered_readers", () => counter.RememberedReaders, "{reader}", "Readers remembered for the repeat-view window.");
        meter.CreateObservableGauge("broadsheet.popular.flush_lag", () => (clock.GetUtcNow().UtcDateTime - flusher.SavedAt).TotalSeconds, "s",
            "Seconds since every counted view was last saved.");
        meter.CreateObservableGauge("broadsheet.comments.pending", PendingComments, "{comment}", "Comments awaiting moderation.");
    }

    private long PendingComments()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        if (now - Interlocked.Read(ref _pendingReadAtTicks) >= QueueRefresh.Ticks && Interlocked.Exchange(ref _reading, 1) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await using var scope = _scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
                    Interlocked.Exchange(ref _pendingComments, await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Pending));
                    Interlocked.Exchange(ref _pendingReadAtTicks, now);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                {
                    // The database is away: the last known length stands, and the next collection asks again.
                }
                finally
                {
                    Interlocked.Exchange(ref _reading, 0);
                }
            });
        }
        return Interlocked.Read(ref _pendingComments);
    }
}
