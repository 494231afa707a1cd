using Microsoft.Extensions.Options;

namespace Broadsheet.Caching;

/// <summary>
/// Tells a CDN which tags were purged: a POST to PurgeUrl with the tags in a Surrogate-Key header (Fastly's purge by
/// key). Sent in the background, so an editor never waits on the CDN; a failure is logged, and the CDN's own
/// s-maxage bounds how long it may then keep a page.
/// </summary>
public sealed class CdnPurges(IHttpClientFactory clients, IOptionsMonitor<PageCacheOptions> options, ILogger<CdnPurges> logger)
{
    public const string ClientName = "cdn-purge";

    public void Send(IReadOnlyList<string> tags)
    {
        if (options.CurrentValue.PurgeUrl is not { Length: > 0 } url || tags.Count == 0)
        {
            return;
        }
        _ = SendAsync(url, tags);
    }

    private async Task SendAsync(string url, IReadOnlyList<string> tags)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Headers.TryAddWithoutValidation("Surrogate-Key", string.Join(' ', tags));
            foreach (var (name, value) in options.CurrentValue.PurgeHeaders)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await clients.CreateClient(ClientName).SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The CDN answered {Status} to a purge of {Tags}.", (int)response.StatusCode, string.Join(' ', tags));
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "Could not tell the CDN to purge {Tags}.", string.Join(' ', tags));
        }
    }
}
