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

    public static bool Is(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<PublicPage>() is not null && !http.Request.Path.StartsWithSegments("/admin");
}
