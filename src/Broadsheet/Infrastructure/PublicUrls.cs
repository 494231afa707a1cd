namespace Broadsheet.Infrastructure;

public static class PublicUrls
{
    /// <summary>The absolute URL of a site path as this request reached the site (forwarded headers applied).</summary>
    public static string Absolute(this HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
}
