namespace Broadsheet.Popular;

/// <summary>
/// The article page marks its response with the article's id; this middleware counts the view when the response
/// starts and removes the mark. Because it looks at the response rather than at the page's code, a page served
/// from a cache is counted as well.
/// </summary>
public sealed class ViewCounting(RequestDelegate next, PopularCounter counter)
{
    public const string ArticleHeader = "X-Broadsheet-Article";

    public Task InvokeAsync(HttpContext http)
    {
        // HEAD gets the same response without counting; the mark is removed from both.
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                if (headers.TryGetValue(ArticleHeader, out var value))
                {
                    headers.Remove(ArticleHeader);
                    if (HttpMethods.IsGet(http.Request.Method) && http.Response.StatusCode == StatusCodes.Status200OK
                        && int.TryParse(value, out var articleId))
                    {
                        var userAgent = http.Request.Headers.UserAgent.ToString();
                        if (!PopularCounter.IsBot(userAgent))
                        {
                            counter.TryCountReader(articleId, ReaderOf(http, userAgent));
                        }
                    }
                }
                return Task.CompletedTask;
            });
        }
        return next(http);
    }

    /// <summary>
    /// A kept-alive connection keeps its reader, so the keyed hash is worked out once per connection (and again
    /// when a proxy's connection brings another address or user agent), not on every page a cache serves.
    /// </summary>
    private PopularCounter.Reader ReaderOf(HttpContext http, string userAgent)
    {
        var ip = http.Connection.RemoteIpAddress;
        var items = http.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()?.Items;
        if (items?.TryGetValue(typeof(ViewCounting), out var known) == true && known is KnownVisitor visitor
            && Equals(visitor.Ip, ip) && visitor.UserAgent == userAgent)
        {
            return visitor.Reader;
        }
        var hash = counter.ReaderOf(ip, userAgent);
        if (items is not null)
        {
            items[typeof(ViewCounting)] = new KnownVisitor(ip, userAgent, hash);
        }
        return hash;
    }

    private sealed record KnownVisitor(System.Net.IPAddress? Ip, string UserAgent, PopularCounter.Reader Reader);
}
