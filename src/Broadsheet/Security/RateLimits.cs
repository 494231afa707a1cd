using Broadsheet.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Broadsheet.Infrastructure.Redis;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Broadsheet.Security;

/// <summary>
/// What is rate-limited, in one place: comment posts, sign-in, search, feeds and the API (<see cref="RateLimitsOptions"/>).
/// Pages served from the page cache never get here and cost nothing; reading articles is never limited.
/// A refused request answers 429 with Retry-After, as problem JSON for the API and a short page for people.
/// </summary>
public static class RateLimits
{
    public const string RefusedTitle = "Too many requests";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddSettings<RateLimitsOptions>("Broadsheet:RateLimits");
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            o.OnRejected = RefuseAsync;
        });
        return services;
    }

    /// <summary>After routing (the kind of request is known) and before any work is done for it.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        var settings = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitsOptions>>().CurrentValue;
        if (!settings.Enabled || Classify(http.Request, settings) is not var (kind, limit) || ClientKey(http, kind) is not { } client)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var key = $"broadsheet:rate:{kind}:{client}";
        return RateLimitPartition.Get(key, k => new SharedWindowLimiter(
            k, limit.Permits, TimeSpan.FromSeconds(limit.WindowSeconds), http.RequestServices.GetRequiredService<RedisConnection>(),
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))));
    }

    private static (string Kind, RateLimitsOptions.Limit Limit)? Classify(HttpRequest request, RateLimitsOptions settings)
    {
        var post = HttpMethods.IsPost(request.Method);
        var path = request.Path;
        if (post && request.Query["handler"] == "comment")
        {
            return ("comments", settings.Comments);
        }
        if (post && path.StartsWithSegments("/api/v1/articles") && path.Value!.EndsWith("/comments", StringComparison.Ordinal))
        {
            return ("comments", settings.Comments);
        }
        if (post && (path.Equals("/newsletters", StringComparison.OrdinalIgnoreCase) || path.Equals("/newsletters/", StringComparison.OrdinalIgnoreCase)))
        {
            return ("sign-ups", settings.SignUps);
        }
        if (post && (path.Equals("/admin/login", StringComparison.OrdinalIgnoreCase) || path.Equals("/admin/login/two-factor", StringComparison.OrdinalIgnoreCase)))
        {
            return ("sign-in", settings.SignIn);
        }
        if (post && (path.Equals("/admin/forgot", StringComparison.OrdinalIgnoreCase) || path.Equals("/admin/reset", StringComparison.OrdinalIgnoreCase)))
        {
            return ("password-reset", settings.PasswordReset);
        }
        // The search API costs what the page costs: without a token it shares the page's limit per address.
        if (path.StartsWithSegments("/search") || (path.StartsWithSegments("/api/v1/search") && !HasBearer(request)))
        {
            return ("search", settings.Search);
        }
        if (path.Value is { } value && (value.EndsWith("/feed/", StringComparison.Ordinal) || value.EndsWith("/feed/atom/", StringComparison.Ordinal)))
        {
            return ("feeds", settings.Feeds);
        }
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/wp-json"))
        {
            return ("api", settings.Api);
        }
        return null;
    }

    private static bool HasBearer(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The token's hash for API calls that carry one; otherwise the client's address, an IPv6 address by its /64.
    /// No address (a test server, a socket without a proxy in front): not limited.
    /// </summary>
    private static string? ClientKey(HttpContext http, string kind)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (kind == "api" && HasBearer(http.Request))
        {
            return "token:" + Accounts.ApiAuth.HashSecret(authorization["Bearer ".Length..].Trim())[..32];
        }
        return http.Connection.RemoteIpAddress is { } address ? "ip:" + AddressKey(address) : null;
    }

    public static string AddressKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"Please wait {seconds} second{(seconds == 1 ? "" : "s")} and try again.";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = RefusedTitle, Detail = detail },
            });
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{RefusedTitle}</title></head>
            <body><main><h1>{RefusedTitle}</h1><p>You have sent a lot of requests in a short time. {detail}</p>
            <p><a href="/">Go to the front page</a></p></main></body></html>
            """, ct);
    }
}
