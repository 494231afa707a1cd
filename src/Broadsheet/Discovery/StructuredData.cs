using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Infrastructure;
using Broadsheet.Site;

namespace Broadsheet.Discovery;

/// <summary>
/// schema.org JSON-LD for search engines: NewsArticle and BreadcrumbList on articles, WebSite with a SearchAction on
/// the home page, CollectionPage on listings, Person on byline pages. The layout writes each item into a
/// <c>script type="application/ld+json"</c> block; the serializer's default encoder writes &lt;, &gt;, &amp; and quotes
/// as \u escapes, so no title can close the block.
/// </summary>
public static class StructuredData
{
    public const string ViewDataKey = "StructuredData";

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string Json(object item) => JsonSerializer.Serialize(item, Options);

    /// <summary>Adds items to what the page's layout writes.</summary>
    public static void Add(Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary viewData, params object[] items)
    {
        var list = viewData[ViewDataKey] as List<object> ?? [];
        list.AddRange(items);
        viewData[ViewDataKey] = list;
    }

    private static SiteOptions SiteOf(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SiteOptions>>().CurrentValue;

    public static Dictionary<string, object?> NewsArticle(ArticleView article, Breadcrumb breadcrumb, HttpRequest request)
    {
        var site = SiteOf(request);
        var url = request.Absolute(article.Url);
        var picture = article.Image ?? article.SocialImage;
        return new()
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = article.Title,
            ["description"] = article.MetaDescription ?? article.Dek,
            ["image"] = picture is null ? null : new[] { Absolute(request, picture.LargestUrl) },
            ["datePublished"] = SiteClock.Iso(article.PublishedAt),
            ["dateModified"] = SiteClock.Iso(article.UpdatedAt > article.PublishedAt ? article.UpdatedAt : article.PublishedAt),
            ["author"] = article.Authors.Select(a => new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = a.Name, ["url"] = request.Absolute(a.Url) }).ToList(),
            ["publisher"] = Publisher(site, request),
            ["mainEntityOfPage"] = new Dictionary<string, object?> { ["@type"] = "WebPage", ["@id"] = url },
            ["articleSection"] = breadcrumb.Links.Count > 0 ? breadcrumb.Links[^1].Name : null,
            ["keywords"] = article.Tags.Count > 0 ? string.Join(", ", article.Tags.Select(t => t.Name)) : null,
            ["wordCount"] = article.WordCount,
            ["url"] = url,
            ["correction"] = article.CurrentNotes.Where(n => n.Kind != "update").Select(n => new Dictionary<string, object?>
            {
                ["@type"] = "CorrectionComment", ["text"] = n.Text, ["datePublished"] = SiteClock.Iso(n.CreatedAt),
                ["url"] = request.Absolute($"{article.Url}#correction-{n.Id}"),
            }).ToList() is { Count: > 0 } corrections ? corrections : null,
        };
    }

    /// <summary>The visible breadcrumb, Home first; the last item (the page itself) has no link of its own.</summary>
    public static Dictionary<string, object?> Breadcrumbs(Breadcrumb breadcrumb, string currentUrl, HttpRequest request)
    {
        var items = new List<Dictionary<string, object?>> { Crumb(1, "Home", request.Absolute("/")) };
        items.AddRange(breadcrumb.Links.Select((l, i) => Crumb(i + 2, l.Name, request.Absolute(l.Url))));
        items.Add(Crumb(items.Count + 1, breadcrumb.Current, request.Absolute(currentUrl)));
        return new() { ["@context"] = "https://schema.org", ["@type"] = "BreadcrumbList", ["itemListElement"] = items };
    }

    public static Dictionary<string, object?> WebSite(HttpRequest request)
    {
        var site = SiteOf(request);
        return new()
        {
        ["@context"] = "https://schema.org",
        ["@type"] = "WebSite",
        ["name"] = site.Title,
        ["description"] = site.Tagline,
        ["url"] = request.Absolute("/"),
        ["publisher"] = Publisher(site, request),
        ["potentialAction"] = new Dictionary<string, object?>
        {
            ["@type"] = "SearchAction",
            ["target"] = new Dictionary<string, object?> { ["@type"] = "EntryPoint", ["urlTemplate"] = request.Absolute("/search?q={search_term_string}") },
            ["query-input"] = "required name=search_term_string",
        },
        };
    }

    public static Dictionary<string, object?> CollectionPage(string name, string path, HttpRequest request) => new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "CollectionPage",
        ["name"] = name,
        ["url"] = request.Absolute(path),
        ["isPartOf"] = new Dictionary<string, object?> { ["@type"] = "WebSite", ["name"] = SiteOf(request).Title, ["url"] = request.Absolute("/") },
    };

    public static Dictionary<string, object?> Person(string name, string path, string? biography, HttpRequest request) => new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "Person",
        ["name"] = name,
        ["url"] = request.Absolute(path),
        ["description"] = string.IsNullOrWhiteSpace(biography) ? null : biography,
    };

    private static Dictionary<string, object?> Publisher(SiteOptions site, HttpRequest request) => new()
    {
        ["@type"] = "NewsMediaOrganization",
        ["name"] = site.Title,
        ["url"] = request.Absolute("/"),
        ["logo"] = site.LogoUrl is { Length: > 0 } logo
            ? new Dictionary<string, object?> { ["@type"] = "ImageObject", ["url"] = Absolute(request, logo), ["width"] = site.LogoWidth, ["height"] = site.LogoHeight }
            : null,
    };

    private static Dictionary<string, object?> Crumb(int position, string name, string url) =>
        new() { ["@type"] = "ListItem", ["position"] = position, ["name"] = name, ["item"] = url };

    /// <summary>A media URL as the store gives it: on a CDN already absolute, else a path on this site.</summary>
    public static string Absolute(HttpRequest request, string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? url : request.Absolute(url);
}
