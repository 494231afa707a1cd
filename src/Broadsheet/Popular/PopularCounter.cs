using System.Collections.Concurrent;
using Broadsheet.Infrastructure.Redis;
using Broadsheet.Infrastructure.Secrets;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Broadsheet.Popular;

/// <summary>
/// Counts article views in memory: never a database write per request (news themes' racy read-modify-write of a
/// counter is what we avoid). <see cref="PopularFlusher"/> saves the counts in batches. With several nodes, a
/// reader seen by this node for the first time in the window is also checked in Redis (one SET NX with the window
/// as its expiry), so a reader whose requests the load balancer spreads over the nodes still counts once. Without
/// Redis, or when it does not answer, this node's own memory decides.
/// </summary>
public sealed class PopularCounter(SiteKeys keys, TimeProvider clock, IOptionsMonitor<PopularOptions> options, RedisConnection redis, ILogger<PopularCounter> logger)
{
    private readonly ConcurrentDictionary<Task, byte> _checking = new();

    private readonly ConcurrentDictionary<(string Visitor, int ArticleId), DateTime> _recent = new();
    private ConcurrentDictionary<(int ArticleId, DateTime Hour), long> _pending = new();

    /// <summary>Counts a view unless the client is a bot or the same visitor counted on this article lately.</summary>
    public bool TryCount(int articleId, string? ip, string? userAgent) =>
        !IsBot(userAgent) && TryCountVisitor(articleId, Visitor(ip, userAgent));

    /// <summary>The keyed hash that stands for one reader; never the address or user agent themselves.</summary>
    public string Visitor(string? ip, string? userAgent) => keys.VisitorHash(ip, userAgent);

    /// <summary>Counts a view by a reader already known not to be a bot (<see cref="Visitor"/>).</summary>
    public bool TryCountVisitor(int articleId, string visitor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = (visitor, articleId);
        var repeatWindow = TimeSpan.FromMinutes(options.CurrentValue.RepeatViewMinutes);
        var counted = false;
        _recent.AddOrUpdate(
            key,
            _ => { counted = true; return now; },
            (_, last) =>
            {
                counted = now - last >= repeatWindow;
                return counted ? now : last;
            });
        if (counted)
        {
            var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
            if (redis.IsAvailable)
            {
                var check = CountIfFirstOnAnyNodeAsync(articleId, visitor, hour, repeatWindow);
                _checking.TryAdd(check, 0);
                _ = check.ContinueWith(done => _checking.TryRemove(done, out _), TaskScheduler.Default);
            }
            else
            {
                _pending.AddOrUpdate((articleId, hour), 1, (_, n) => n + 1);
            }
        }
        return counted;
    }

    private async Task CountIfFirstOnAnyNodeAsync(int articleId, string visitor, DateTime hour, TimeSpan repeatWindow)
    {
        var first = true;
        try
        {
            first = await redis.Multiplexer!.GetDatabase().StringSetAsync(
                $"broadsheet:seen:{articleId}:{visitor}", 1, repeatWindow, When.NotExists);
        }
        catch (RedisException e)
        {
            logger.LogDebug(e, "Redis did not answer whether a reader was counted; this node counts the view.");
        }
        if (first)
        {
            _pending.AddOrUpdate((articleId, hour), 1, (_, n) => n + 1);
        }
    }

    /// <summary>Waits for the Redis checks still under way, so a flush saves every view counted before it.</summary>
    public Task SettleAsync() => Task.WhenAll(_checking.Keys);

    /// <summary>Hands over the counts gathered since the last call and forgets visitors whose repeat window has passed.</summary>
    public IReadOnlyDictionary<(int ArticleId, DateTime Hour), long> TakePending()
    {
        var taken = Interlocked.Exchange(ref _pending, new());
        var forgetBefore = clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(options.CurrentValue.RepeatViewMinutes);
        foreach (var (key, last) in _recent)
        {
            if (last <= forgetBefore)
            {
                _recent.TryRemove(key, out _);
            }
        }
        return taken;
    }

    /// <summary>Puts counts back after a failed save, so a database hiccup loses nothing.</summary>
    public void Return(IReadOnlyDictionary<(int ArticleId, DateTime Hour), long> counts)
    {
        foreach (var (key, views) in counts)
        {
            _pending.AddOrUpdate(key, views, (_, n) => n + views);
        }
    }

    /// <summary>User agents that say they are bots (PRODUCT.md), and clients that send none at all.</summary>
    public static bool IsBot(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent)
        || userAgent.Contains("bot", StringComparison.OrdinalIgnoreCase)
        || userAgent.Contains("crawl", StringComparison.OrdinalIgnoreCase)
        || userAgent.Contains("spider", StringComparison.OrdinalIgnoreCase)
        || userAgent.Contains("slurp", StringComparison.OrdinalIgnoreCase);
}
