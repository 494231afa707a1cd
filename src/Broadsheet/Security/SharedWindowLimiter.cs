using System.Threading.RateLimiting;
using Broadsheet.Infrastructure.Redis;
using StackExchange.Redis;

namespace Broadsheet.Security;

/// <summary>
/// A fixed window counted in Redis, so every node counts the same client together: the first request opens the
/// window (INCR, then PEXPIRE), each one after it adds one. While Redis is not there, this node's own fixed window
/// counts instead, so a Redis outage loosens the limit to one per node and never turns readers away.
/// </summary>
public sealed class SharedWindowLimiter(string key, int permits, TimeSpan window, RedisConnection redis, ILogger logger) : RateLimiter
{
    private const string CountScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    private readonly FixedWindowRateLimiter _local = new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
    });

    public override TimeSpan? IdleDuration => _local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    /// <summary>Never granted at once: the answer needs Redis, so the middleware asks <see cref="AcquireAsyncCore"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        redis.IsAvailable ? Lease.Refused(null) : _local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (redis.Multiplexer is { IsConnected: true } multiplexer)
        {
            try
            {
                var answer = (RedisResult[])(await multiplexer.GetDatabase().ScriptEvaluateAsync(
                    CountScript, [(RedisKey)key], [(long)window.TotalMilliseconds]))!;
                var (count, remainingMilliseconds) = ((long)answer[0], (long)answer[1]);
                return count <= permits ? Lease.Granted : Lease.Refused(TimeSpan.FromMilliseconds(Math.Max(remainingMilliseconds, 1000)));
            }
            catch (RedisException e)
            {
                logger.LogDebug(e, "Redis did not answer a rate-limit count; this node counts on its own.");
            }
        }
        return await _local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Refused(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
