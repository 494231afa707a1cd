using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Broadsheet.Infrastructure.Redis;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Broadsheet.Site;

public sealed record DependencyState(string Status, string Detail);

public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, DependencyState> Dependencies);

/// <summary>
/// /readyz for load balancers and operators: each dependency by name. 503 while the database is down (nothing can
/// be written and uncached pages cannot be made); Redis down is "degraded" and still 200, because the site keeps
/// serving on per-node caches and counters until Redis is back.
/// </summary>
public static class Readiness
{
    public static async Task<JsonHttpResult<ReadinessReport>> CheckAsync(BroadsheetDb db, RedisConnection redis, CancellationToken ct)
    {
        var provider = db.Database.IsNpgsql() ? "PostgreSQL" : "SQLite";
        var databaseUp = await DatabaseAnswersAsync(db, ct);
        var dependencies = new Dictionary<string, DependencyState>
        {
            ["database"] = databaseUp ? new("up", provider) : new("down", $"{provider} does not answer"),
        };
        var degraded = false;
        if (redis.IsConfigured)
        {
            var redisUp = await RedisAnswersAsync(redis);
            degraded = !redisUp;
            dependencies["redis"] = redisUp
                ? new("up", "shared page cache, view counting and announcements")
                : new("down", "degraded: this node caches pages and counts views on its own until Redis is back");
        }
        var status = !databaseUp ? "unavailable" : degraded ? "degraded" : "ready";
        return TypedResults.Json(new ReadinessReport(status, dependencies),
            statusCode: databaseUp ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> DatabaseAnswersAsync(BroadsheetDb db, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            return await db.Database.CanConnectAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> RedisAnswersAsync(RedisConnection redis)
    {
        if (!redis.IsAvailable)
        {
            return false;
        }
        try
        {
            await redis.Multiplexer!.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }
}
