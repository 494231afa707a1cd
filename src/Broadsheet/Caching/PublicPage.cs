namespace Broadsheet.Caching;

/// <summary>
/// Endpoint metadata: a page every reader sees alike, so it may be cached, compressed and given an ETag.
/// Pages that differ per reader (the admin, a held comment's author) are told apart at request time.
/// </summary>
public sealed class PublicPage
{
    public static readonly PublicPage Instance = new();

    private PublicPage()
    {
    }

    /// <summary>
    /// Before routing, where the cache answers: could this path be a page? Paths of files, the API and the admin
    /// never are, so the cache neither looks them up nor holds their concurrent requests back. A path missing here
    /// costs a lookup, never a wrong answer: only what <see cref="Is"/> says is stored.
    /// </summary>
    public static bool MayBe(PathString path) =>
        !(path.StartsWithSegments("/api") || path.StartsWithSegments("/wp-json") || path.StartsWithSegments("/admin") || path.StartsWithSegments("/css")
          || path.StartsWithSegments("/js") || path.StartsWithSegments("/media") || path.StartsWithSegments("/avatars")
          || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/csp-report") || path.StartsWithSegments("/_bench")
          || path.StartsWithSegments("/favicon.svg") || path.StartsWithSegments("/custom.css") || path.StartsWithSegments("/lib")
          || path.StartsWithSegments("/preview") || path.StartsWithSegments("/newsletters"));

    public static bool Is(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<PublicPage>() is not null && MayBe(http.Request.Path);
}
