using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Broadsheet.Caching;

/// <summary>
/// A strong ETag for every public page, made from the bytes sent (after compression, so each encoding has its
/// own), and 304 Not Modified when the reader already has them. It runs inside the output cache, so a cached
/// page keeps its ETag and the cache answers conditional requests itself without running this again.
/// </summary>
public sealed class ETagging(RequestDelegate next, PublicPagePolicy policy)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || !PublicPage.Is(http))
        {
            await next(http);
            return;
        }
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var response = http.Response;
        policy.AddCdnHeaders(http);
        if (response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey(HeaderNames.ETag))
        {
            var etag = new EntityTagHeaderValue($"\"{Base64Url(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).AsSpan(0, 16))}\"");
            response.Headers.ETag = etag.ToString();
            if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var wanted)
                && wanted.Any(w => w.Equals(EntityTagHeaderValue.Any) || w.Compare(etag, useStrongComparison: false)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.Headers.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        if (buffer.Length == 0)
        {
            // Nothing written: the status code pages may still fill in the body (the helpful 404).
            return;
        }
        response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted);
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
