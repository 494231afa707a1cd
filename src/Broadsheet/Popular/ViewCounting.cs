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
                        counter.TryCount(articleId, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent);
                    }
                }
                return Task.CompletedTask;
            });
        }
        return next(http);
    }
}
