using Broadsheet.Site;
using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure;

public static class PublicUrls
{
    /// <summary>
    /// The absolute URL of a site path: under Broadsheet:Site:BaseUrl when it is set, so that a forged Host header
    /// cannot put another site's address into a feed or an API answer; otherwise as this request reached the site.
    /// </summary>
    public static string Absolute(this HttpRequest request, string path) =>
        request.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SiteOptions>>().CurrentValue is { IsBaseUrlSet: true } site
            ? site.PublicBaseUrl + path
            : $"{request.Scheme}://{request.Host}{request.PathBase}{path}";

    /// <summary>A body's links and pictures on this site, made absolute: a feed reader or an API client shows them away from the site.</summary>
    public static string AbsoluteLinks(string html, HttpContext http)
    {
        var root = http.Request.Absolute("/");
        const string Elsewhere = "\u0001elsewhere\u0001"; // "//other.host/…" is another site's address: left alone
        return html.Replace("=\"//", Elsewhere, StringComparison.Ordinal)
            .Replace("src=\"/", $"src=\"{root}", StringComparison.Ordinal).Replace("href=\"/", $"href=\"{root}", StringComparison.Ordinal)
            .Replace("srcset=\"/", $"srcset=\"{root}", StringComparison.Ordinal).Replace(", /media/", $", {root}media/", StringComparison.Ordinal)
            .Replace(Elsewhere, "=\"//", StringComparison.Ordinal);
    }
}
