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
}
