using Broadsheet.Infrastructure.Redis;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Broadsheet.Caching;

/// <summary>
/// Where cached pages live. With Redis, in Redis (ASP.NET Core's Redis output-cache store), so that every node
/// serves what one rendered and a purge on any node reaches them all. Without Redis, or while it is down, in this
/// node's memory: the site keeps serving, each node caching for itself. When Redis comes back, what it holds may
/// have missed purges made meanwhile, so it is emptied once before it is used again.
/// </summary>
public sealed class SharedPageStore(IOutputCacheStore memory, IOutputCacheStore? redis, RedisConnection connection, ILogger<SharedPageStore> logger)
    : IOutputCacheStore
{
    private volatile bool _missedPurges;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        await Shared() is { } shared ? await Try(() => shared.GetAsync(key, cancellationToken), null) : await memory.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (await Shared() is { } shared)
        {
            await Try(async () => { await shared.SetAsync(key, value, tags, validFor, cancellationToken); return true; }, false);
            return;
        }
        await memory.SetAsync(key, value, tags, validFor, cancellationToken);
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        // This node's memory may hold pages from an outage; they go too.
        await memory.EvictByTagAsync(tag, cancellationToken);
        if (redis is null)
        {
            return;
        }
        if (!connection.IsAvailable || !await Try(async () => { await redis.EvictByTagAsync(tag, cancellationToken); return true; }, false))
        {
            _missedPurges = true;
        }
    }

    /// <summary>The Redis store when it can be used now; after an outage, emptied first.</summary>
    private async ValueTask<IOutputCacheStore?> Shared()
    {
        if (redis is null || !connection.IsAvailable)
        {
            if (redis is not null)
            {
                _missedPurges = true;
            }
            return null;
        }
        if (_missedPurges)
        {
            _missedPurges = false;
            if (!await Try(async () => { await redis.EvictByTagAsync(PageTags.Everything, CancellationToken.None); return true; }, false))
            {
                _missedPurges = true;
                return null;
            }
            await memory.EvictByTagAsync(PageTags.Everything, CancellationToken.None);
            logger.LogInformation("Shared page cache emptied after Redis came back.");
        }
        return redis;
    }

    private async ValueTask<T> Try<T>(Func<ValueTask<T>> action, T fallback)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            _missedPurges = true;
            logger.LogWarning(e, "The shared page cache did not answer; serving without it.");
            return fallback;
        }
    }
}
