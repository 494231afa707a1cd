using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Broadsheet.Infrastructure.Redis;

/// <summary>
/// Announcements between nodes over Redis pub/sub: "the sections changed", "new counts were saved", "a spam lesson
/// was learned". The node that announces has done its own part already; the other nodes run their handlers when the
/// message arrives. Without Redis (or while it is down) nobody else hears, and each feature's own expiry or polling
/// brings the other nodes up to date.
/// </summary>
public sealed class SiteEvents
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("broadsheet:events");
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, ConcurrentBag<Action>> _handlers = new();
    private readonly RedisConnection _redis;
    private readonly ILogger<SiteEvents> _logger;
    private int _subscribed;

    public SiteEvents(RedisConnection redis, ILogger<SiteEvents> logger)
    {
        (_redis, _logger) = (redis, logger);
        redis.Restored += () =>
        {
            // Whatever was announced while Redis was away is lost: every handler catches up now.
            Subscribe();
            foreach (var name in _handlers.Keys)
            {
                Run(name);
            }
        };
    }

    public void On(string name, Action handler)
    {
        _handlers.GetOrAdd(name, _ => []).Add(handler);
        Subscribe();
    }

    /// <summary>Tells the other nodes; this node's own handlers do not run (the caller has done that work).</summary>
    public void Publish(string name)
    {
        if (_redis.IsAvailable)
        {
            try
            {
                _redis.Multiplexer!.GetSubscriber().Publish(Channel, $"{_node}|{name}", CommandFlags.FireAndForget);
            }
            catch (RedisException e)
            {
                _logger.LogWarning(e, "Could not announce {Event} to the other nodes.", name);
            }
        }
    }

    private void Subscribe()
    {
        if (_redis.Multiplexer is not { } multiplexer || Interlocked.CompareExchange(ref _subscribed, 1, 0) != 0)
        {
            return;
        }
        try
        {
            multiplexer.GetSubscriber().Subscribe(Channel, (_, message) =>
            {
                var text = message.ToString();
                var bar = text.IndexOf('|', StringComparison.Ordinal);
                if (bar > 0 && text[..bar] != _node)
                {
                    Run(text[(bar + 1)..]);
                }
            });
        }
        catch (RedisException e)
        {
            Interlocked.Exchange(ref _subscribed, 0);
            _logger.LogWarning(e, "Could not subscribe to other nodes' announcements; will try again when Redis is back.");
        }
    }

    private void Run(string name)
    {
        if (!_handlers.TryGetValue(name, out var handlers))
        {
            return;
        }
        foreach (var handler in handlers)
        {
            try
            {
                handler();
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                _logger.LogWarning(e, "A handler of {Event} failed.", name);
            }
        }
    }
}
