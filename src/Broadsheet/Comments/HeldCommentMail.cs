using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

/// <summary>
/// Editors hear of held comments without a mail storm: the first held comment is emailed at once; those held in the
/// next <see cref="NotificationsOptions.HeldMailMinutes"/> are summed up in one email when that time is over. Each
/// node keeps its own turn, so a site sends at most one such email per node per interval.
/// </summary>
public sealed class HeldCommentMail(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<NotificationsOptions> options, ILogger<HeldCommentMail> logger)
    : IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stopping: the summary goes now (the outbox stops after this and sends what it holds).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => SendSummaryAsync();

    private readonly Lock _lock = new();
    private DateTimeOffset _quietUntil = DateTimeOffset.MinValue;
    private int _heldMeanwhile;
    private ITimer? _summary;

    /// <summary>True when this held comment may be emailed now; otherwise it is counted for the summary.</summary>
    public bool TakeTurn()
    {
        var interval = TimeSpan.FromMinutes(options.CurrentValue.HeldMailMinutes);
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (now >= _quietUntil)
            {
                _quietUntil = now + interval;
                return true;
            }
            _heldMeanwhile++;
            _summary ??= clock.CreateTimer(_ => _ = SendSummaryAsync(), null, _quietUntil - now, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    /// <summary>How many held comments wait for the summary (for shutdown and metrics).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _heldMeanwhile;
            }
        }
    }

    /// <summary>Sends the summary of comments held since the last email, if any.</summary>
    public async Task SendSummaryAsync()
    {
        int held;
        lock (_lock)
        {
            (held, _heldMeanwhile) = (_heldMeanwhile, 0);
            _summary?.Dispose();
            _summary = null;
            if (held > 0)
            {
                _quietUntil = clock.GetUtcNow() + TimeSpan.FromMinutes(options.CurrentValue.HeldMailMinutes);
            }
        }
        if (held == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CommentNotifications>().HeldSummaryAsync(held, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not tell editors about {Held} held comments.", held);
        }
    }

    public void Dispose() => _summary?.Dispose();
}
