namespace Broadsheet;

/// <summary>The public URL of every kind of thing. Changing one here changes it everywhere.</summary>
public static class SitePaths
{
    public static string Section(string path) => $"/{path}/";

    public static string Article(string sectionPath, string slug) => $"/{sectionPath}/{slug}/";

    public static string Tag(string slug) => $"/tag/{slug}/";

    public static string Author(string slug) => $"/author/{slug}/";

    public static string StaticPage(string slug) => $"/{slug}/";

    /// <summary>First path segments the site uses for its own routes; no top-level section or page may take them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "admin", "tag", "author", "search", "feed", "comments", "healthz", "readyz", "csp-report", "openapi", "not-found",
        "sitemap.xml", "news-sitemap.xml", "robots.txt", "css", "js", "lib", "media", "privacy", "page", "preview", "corrections",
    };

    /// <summary>"&lt;section url&gt;feed/" is the section's feed, so no article or subsection may take this slug.</summary>
    public const string FeedSlug = "feed";

    public static string ReservedMessage(string slug) => $"'{slug}' is used by the site itself; choose another slug.";

    public static bool IsReservedTopLevel(string slug) => Reserved.Contains(slug) || slug.All(char.IsAsciiDigit);
}
