using StackExchange.Redis;

namespace Broadsheet.Infrastructure.Redis;

/// <summary>
/// The one connection to Redis (ConnectionStrings__Redis), when there is one. Redis holds what nodes share but can
/// rebuild (cached pages, who has been counted, announcements), so the site never waits long for it: a Redis that
/// is down is skipped at once, and features fall back to this node's memory until it is back (docs/scaling.md).
/// </summary>
public sealed class RedisConnection : IDisposable
{
    public const string ConnectionName = "Redis";

    private readonly Lazy<ConnectionMultiplexer?> _multiplexer;
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(IConfiguration configuration, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var connectionString = configuration.GetConnectionString(ConnectionName);
        IsConfigured = !string.IsNullOrWhiteSpace(connectionString);
        _multiplexer = new(() => IsConfigured ? Connect(connectionString!) : null, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsConfigured { get; }

    /// <summary>Null without Redis; otherwise the multiplexer, which reconnects by itself after an outage.</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer.Value;

    /// <summary>Configured and connected right now.</summary>
    public bool IsAvailable => _multiplexer.Value is { IsConnected: true };

    /// <summary>Raised when the connection comes back after it was lost.</summary>
    public event Action? Restored;

    private ConnectionMultiplexer Connect(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1000);
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        var multiplexer = ConnectionMultiplexer.Connect(options);
        multiplexer.ConnectionFailed += (_, e) =>
            _logger.LogWarning("Redis connection lost ({Failure}); using this node's memory until it is back.", e.FailureType);
        multiplexer.ConnectionRestored += (_, _) =>
        {
            _logger.LogInformation("Redis connection restored; back to shared state.");
            Restored?.Invoke();
        };
        return multiplexer;
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value?.Dispose();
        }
    }
}
