using Broadsheet.Accounts;
using Broadsheet.Comments;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Broadsheet.Caching;

/// <summary>
/// Which requests the output cache answers: anonymous GET and HEAD requests for public pages. A signed-in editor,
/// an API client and a reader whose own comment awaits moderation see pages made for them and bypass the cache.
/// </summary>
public sealed class PublicPagePolicy(IOptionsMonitor<PageCacheOptions> options, Infrastructure.Metrics.BroadsheetMetrics metrics) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var settings = options.CurrentValue;
        var cacheable = settings.Enabled
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && PublicPage.MayBe(request.Path)
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && !request.Cookies.ContainsKey(SignIn.CookieName)
            && !request.Cookies.ContainsKey(HeldComments.CookieName);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // One reader renders a missing page while the others wait for it: no stampede when a story breaks.
        context.AllowLocking = true;
        if (!cacheable)
        {
            return ValueTask.CompletedTask;
        }
        context.CacheVaryByRules.QueryKeys = "*";
        // The cache holds pages as the compression middleware wrote them for this Accept-Encoding.
        context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(settings.MaxAgeSeconds);
        context.Tags.Add(PageTags.Everything);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// For a CDN in front (<see cref="PageCacheOptions.SharedMaxAgeSeconds"/>): how long it may keep a public page and
    /// the tags it is purged by. Set once the page is rendered (every tag known) and before it is stored, so a page
    /// served from the cache says the same.
    /// </summary>
    public void AddCdnHeaders(HttpContext http)
    {
        if (options.CurrentValue.SharedMaxAgeSeconds is { } sharedMaxAge && http.Response.StatusCode == StatusCodes.Status200OK
            && http.Features.Get<IOutputCacheFeature>()?.Context is { AllowCacheStorage: true, Tags: var tags })
        {
            http.Response.Headers.CacheControl = $"public, max-age=0, s-maxage={sharedMaxAge}";
            http.Response.Headers["Surrogate-Key"] = string.Join(' ', tags);
            http.Response.Headers["Cache-Tag"] = string.Join(',', tags);
        }
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.CacheLookup(hit: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only public pages are shared, and of them no response that sets a cookie or is not a plain page (a
        // redirect, a 404, a refused form).
        if (!PublicPage.Is(context.HttpContext) || response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            context.AllowCacheStorage = false;
        }
        metrics.CacheLookup(hit: false);
        if (context.AllowCacheStorage)
        {
            metrics.PageRendered();
        }
        return ValueTask.CompletedTask;
    }
}
