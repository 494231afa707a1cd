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

    private readonly ConcurrentDictionary<(ulong Visitor, int ArticleId), DateTime> _recent = new();
    private readonly ConcurrentDictionary<(ulong Address, int ArticleId), AddressShare> _addresses = new();
    private ConcurrentDictionary<(int ArticleId, DateTime Hour), long> _pending = new();
    private long _remembered;
    private long _lastFullPruneTicks;
    private long _lastFullWarningTicks;
    private readonly Lock _evicting = new();

    /// <summary>
    /// One reader: the keyed hash of address and user agent, and that of the address alone (IPv6 by its /64), which
    /// limits how many readers one address can count for on one article in a window, whatever user agents it sends.
    /// </summary>
    public readonly record struct Reader(ulong Visitor, ulong Address);

    private sealed record AddressShare(int Readers, DateTime Since);

    /// <summary>Views counted but not yet saved.</summary>
    public long PendingViews => _pending.Sum(p => p.Value);

    /// <summary>How many (reader, article) pairs this node remembers now; bounded by MaxRememberedReaders.</summary>
    public long RememberedReaders => Interlocked.Read(ref _remembered);

    /// <summary>Counts a view unless the client is a bot or the same visitor counted on this article lately.</summary>
    public bool TryCount(int articleId, System.Net.IPAddress? ip, string? userAgent) =>
        !IsBot(userAgent) && TryCountReader(articleId, ReaderOf(ip, userAgent));

    /// <summary>The keyed hashes that stand for one reader; never the address or user agent themselves.</summary>
    public Reader ReaderOf(System.Net.IPAddress? ip, string? userAgent) => new(
        Key(keys.VisitorHash(ip?.ToString(), userAgent)),
        // Loopback is a proxy the forwarded-headers settings do not name: its readers are not one address.
        ip is null || System.Net.IPAddress.IsLoopback(ip) ? NoAddress : Key(keys.Signature("popular-address", Security.RateLimits.AddressKey(ip))));

    /// <summary>No address to share among readers: the per-address cap does not apply.</summary>
    private const ulong NoAddress = 0;

    private static ulong Key(string hash) => ulong.Parse(hash.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Counts a view by a reader already known not to be a bot (<see cref="ReaderOf"/>).</summary>
    public bool TryCountReader(int articleId, Reader reader)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.CurrentValue;
        var repeatWindow = TimeSpan.FromMinutes(settings.RepeatViewMinutes);
        var key = (reader.Visitor, articleId);
        var known = _recent.TryGetValue(key, out var last);
        if (known && now - last < repeatWindow)
        {
            return false;
        }
        if (!known && RememberedReaders >= settings.MaxRememberedReaders && !MadeRoom(now, repeatWindow, settings.MaxRememberedReaders))
        {
            return false;
        }
        if (reader.Address != NoAddress)
        {
            var share = _addresses.AddOrUpdate((reader.Address, articleId), _ => new AddressShare(1, now),
                (_, s) => now - s.Since >= repeatWindow ? new AddressShare(1, now) : s with { Readers = s.Readers + 1 });
            if (share.Readers > settings.MaxReadersPerAddress)
            {
                return false;
            }
        }
        if (known ? !_recent.TryUpdate(key, now, last) : !_recent.TryAdd(key, now))
        {
            return false;
        }
        if (!known)
        {
            Interlocked.Increment(ref _remembered);
        }
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        if (redis.IsAvailable)
        {
            var check = CountIfFirstOnAnyNodeAsync(articleId, reader.Visitor, hour, repeatWindow);
            _checking.TryAdd(check, 0);
            _ = check.ContinueWith(done => _checking.TryRemove(done, out _), TaskScheduler.Default);
        }
        else
        {
            _pending.AddOrUpdate((articleId, hour), 1, (_, n) => n + 1);
        }
        return true;
    }

    /// <summary>
    /// The memory of readers is full (a flood of made-up readers, or a very busy window): readers whose window has
    /// passed are forgotten now rather than at the next flush, at most once a second; if it is still full, every
    /// tenth reader it remembers is forgotten. A flood is most of what is remembered, so it is mostly the flood that
    /// goes; a real reader forgotten early may count twice. Memory stays bounded and counting never stops.
    /// </summary>
    private bool MadeRoom(DateTime now, TimeSpan repeatWindow, int most)
    {
        var lastPrune = Interlocked.Read(ref _lastFullPruneTicks);
        if (now.Ticks - lastPrune >= TimeSpan.TicksPerSecond && Interlocked.CompareExchange(ref _lastFullPruneTicks, now.Ticks, lastPrune) == lastPrune)
        {
            Forget(now - repeatWindow);
        }
        if (RememberedReaders < most)
        {
            return true;
        }
        if (_evicting.TryEnter())
        {
            try
            {
                if (RememberedReaders >= most)
                {
                    var n = 0;
                    foreach (var (key, last) in _recent)
                    {
                        if (n++ % 10 == 0 && _recent.TryRemove(new KeyValuePair<(ulong, int), DateTime>(key, last)))
                        {
                            Interlocked.Decrement(ref _remembered);
                        }
                    }
                    // The flood's addresses grow as its readers do: a tenth of them goes too.
                    n = 0;
                    foreach (var share in _addresses)
                    {
                        if (n++ % 10 == 0)
                        {
                            _addresses.TryRemove(share);
                        }
                    }
                }
            }
            finally
            {
                _evicting.Exit();
            }
        }
        var lastWarning = Interlocked.Read(ref _lastFullWarningTicks);
        if (now.Ticks - lastWarning >= TimeSpan.TicksPerMinute && Interlocked.CompareExchange(ref _lastFullWarningTicks, now.Ticks, lastWarning) == lastWarning)
        {
            logger.LogWarning("Most Popular remembers {Readers} readers, its most (Broadsheet:Popular:MaxRememberedReaders): it forgets a tenth of them at a time, so some readers may count twice.", most);
        }
        return RememberedReaders < most;
    }

    private void Forget(DateTime before)
    {
        foreach (var (key, last) in _recent)
        {
            if (last <= before && _recent.TryRemove(new KeyValuePair<(ulong, int), DateTime>(key, last)))
            {
                Interlocked.Decrement(ref _remembered);
            }
        }
        foreach (var (key, share) in _addresses)
        {
            if (share.Since <= before)
            {
                _addresses.TryRemove(new KeyValuePair<(ulong, int), AddressShare>(key, share));
            }
        }
    }

    private async Task CountIfFirstOnAnyNodeAsync(int articleId, ulong visitor, DateTime hour, TimeSpan repeatWindow)
    {
        var first = true;
        try
        {
            first = await redis.Multiplexer!.GetDatabase().StringSetAsync(
                $"broadsheet:seen:{articleId}:{visitor:x16}", 1, repeatWindow, When.NotExists);
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
        Forget(clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(options.CurrentValue.RepeatViewMinutes));
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
