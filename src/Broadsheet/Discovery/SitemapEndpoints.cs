using System.Globalization;
using System.Text;
using System.Xml;
using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Sections;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Discovery;

/// <summary>
/// How search engines find the site: /robots.txt, the sitemap index at /sitemap.xml with paged child sitemaps
/// (https://www.sitemaps.org/protocol.html: at most 50,000 URLs a file, absolute URLs, W3C dates) for articles (with
/// their featured image), sections, tags, bylines and pages, and /news-sitemap.xml by Google News' rules (the last
/// 48 hours' articles, at most 1,000). All are public pages: cached, and purged with the listings they mirror.
/// </summary>
public static class SitemapEndpoints
{
    public const string XmlType = "application/xml; charset=utf-8";
    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string ImageNamespace = "http://www.google.com/schemas/sitemap-image/1.1";
    private const string NewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9";
    public static readonly TimeSpan NewsWindow = TimeSpan.FromHours(48);
    public const int NewsLimit = 1_000;

    /// <summary>The kinds of child sitemap, in the index's order.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["articles", "sections", "tags", "authors", "pages"];

    public static IEndpointRouteBuilder MapSitemapEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", Robots).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/sitemap.xml", IndexAsync).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/sitemap-{kind}-{page:int}.xml", ChildAsync).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/news-sitemap.xml", NewsAsync).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        return app;
    }

    private static IResult Robots(HttpContext http)
    {
        PageTags.Add(http, PageTags.Feeds);
        var text = $"""
            User-agent: *
            Disallow: /admin/
            Disallow: /api/
            Disallow: /search
            Disallow: /preview/

            Sitemap: {http.Request.Absolute("/sitemap.xml")}
            Sitemap: {http.Request.Absolute("/news-sitemap.xml")}

            """;
        return Results.Text(text.ReplaceLineEndings("\n"), "text/plain; charset=utf-8");
    }

    private static async Task<IResult> IndexAsync(BroadsheetDb db, TimeProvider clock, IOptionsMonitor<SitemapOptions> options, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds);
        var now = clock.GetUtcNow().UtcDateTime;
        var perFile = options.CurrentValue.UrlsPerFile;
        var files = new List<(string Path, DateTime? LastModified)>();
        var articles = PublicArticles(db, now);
        var articleCount = await articles.CountAsync(ct);
        for (var page = 1; page == 1 || (page - 1) * perFile < articleCount; page++)
        {
            var lastModified = await articles.OrderBy(a => a.Id).Skip((page - 1) * perFile).Take(perFile).MaxAsync(a => (DateTime?)a.UpdatedAt, ct);
            files.Add(($"/sitemap-articles-{page}.xml", lastModified));
        }
        foreach (var kind in Kinds.Skip(1))
        {
            var count = await CountAsync(kind, db, now, ct);
            for (var page = 1; page == 1 || (page - 1) * perFile < count; page++)
            {
                files.Add(($"/sitemap-{kind}-{page}.xml", null));
            }
        }
        return Xml(writer =>
        {
            writer.WriteStartElement("sitemapindex", SitemapNamespace);
            foreach (var (path, lastModified) in files)
            {
                writer.WriteStartElement("sitemap", SitemapNamespace);
                writer.WriteElementString("loc", SitemapNamespace, http.Request.Absolute(path));
                if (lastModified is { } at)
                {
                    writer.WriteElementString("lastmod", SitemapNamespace, SiteClock.Iso(at));
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        });
    }

    private static async Task<IResult> ChildAsync(
        string kind, int page, BroadsheetDb db, TimeProvider clock, SectionTreeCache sections, Media.IMediaStore store,
        IOptionsMonitor<SitemapOptions> options, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds);
        var now = clock.GetUtcNow().UtcDateTime;
        var perFile = options.CurrentValue.UrlsPerFile;
        if (!Kinds.Contains(kind) || page < 1 || (page > 1 && (long)(page - 1) * perFile >= await CountAsync(kind, db, now, ct)))
        {
            return Results.NotFound();
        }
        var skip = (page - 1) * perFile;
        IReadOnlyList<SitemapUrl> urls = kind switch
        {
            "articles" => await ArticleUrlsAsync(db, now, store, skip, perFile, ct),
            "sections" => [.. new[] { new SitemapUrl("/", await PublicArticles(db, now).MaxAsync(a => (DateTime?)a.UpdatedAt, ct), null) }
                .Concat((await sections.GetAsync(ct)).All.OrderBy(s => s.Path, StringComparer.Ordinal).Select(s => new SitemapUrl(SitePaths.Section(s.Path), null, null)))
                .Skip(skip).Take(perFile)],
            "tags" => [.. (await PublicArticles(db, now).SelectMany(a => a.Tags).Select(t => new { t.Id, t.Slug }).Distinct()
                .OrderBy(t => t.Id).Skip(skip).Take(perFile).ToListAsync(ct)).Select(t => new SitemapUrl(SitePaths.Tag(t.Slug), null, null))],
            "authors" => [.. (await PublicArticles(db, now).SelectMany(a => a.Authors).Select(t => new { t.Id, t.Slug }).Distinct()
                .OrderBy(t => t.Id).Skip(skip).Take(perFile).ToListAsync(ct)).Select(t => new SitemapUrl(SitePaths.Author(t.Slug), null, null))],
            _ => [.. (await db.StaticPages.AsNoTracking().OrderBy(p => p.Id).Skip(skip).Take(perFile).Select(p => new { p.Slug, p.UpdatedAt }).ToListAsync(ct))
                .Select(p => new SitemapUrl(SitePaths.StaticPage(p.Slug), p.UpdatedAt, null))],
        };
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNamespace);
            writer.WriteAttributeString("xmlns", "image", null, ImageNamespace);
            foreach (var url in urls)
            {
                writer.WriteStartElement("url", SitemapNamespace);
                writer.WriteElementString("loc", SitemapNamespace, http.Request.Absolute(url.Path));
                if (url.LastModified is { } at)
                {
                    writer.WriteElementString("lastmod", SitemapNamespace, SiteClock.Iso(at));
                }
                if (url.Image is { } image)
                {
                    writer.WriteStartElement("image", "image", ImageNamespace);
                    writer.WriteElementString("image", "loc", ImageNamespace, Absolute(http, image));
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        });
    }

    private static async Task<IResult> NewsAsync(BroadsheetDb db, TimeProvider clock, IOptionsMonitor<SiteOptions> site, SiteClock siteClock, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - NewsWindow;
        var articles = await PublicArticles(db, now).Where(a => a.PublishedAt >= since).OrderByDescending(a => a.PublishedAt).Take(NewsLimit)
            .Select(a => new { a.Slug, SectionPath = a.Section.Path, a.Title, a.PublishedAt }).ToListAsync(ct);
        var language = NewsLanguage(siteClock.Culture);
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNamespace);
            writer.WriteAttributeString("xmlns", "news", null, NewsNamespace);
            foreach (var a in articles)
            {
                writer.WriteStartElement("url", SitemapNamespace);
                writer.WriteElementString("loc", SitemapNamespace, http.Request.Absolute(SitePaths.Article(a.SectionPath, a.Slug)));
                writer.WriteStartElement("news", "news", NewsNamespace);
                writer.WriteStartElement("news", "publication", NewsNamespace);
                writer.WriteElementString("news", "name", NewsNamespace, site.CurrentValue.Title);
                writer.WriteElementString("news", "language", NewsNamespace, language);
                writer.WriteEndElement();
                writer.WriteElementString("news", "publication_date", NewsNamespace, SiteClock.Iso(a.PublishedAt!.Value));
                writer.WriteElementString("news", "title", NewsNamespace, a.Title);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        });
    }

    /// <summary>Google News wants ISO 639 codes, except zh-cn and zh-tw for Chinese.</summary>
    public static string NewsLanguage(CultureInfo culture) => culture.TwoLetterISOLanguageName switch
    {
        "zh" => culture.Name.Contains("TW", StringComparison.OrdinalIgnoreCase) || culture.Name.Contains("Hant", StringComparison.OrdinalIgnoreCase) ? "zh-tw" : "zh-cn",
        var code => code,
    };

    private sealed record SitemapUrl(string Path, DateTime? LastModified, string? Image);

    private static IQueryable<Article> PublicArticles(BroadsheetDb db, DateTime now) => db.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(now));

    private static async Task<int> CountAsync(string kind, BroadsheetDb db, DateTime now, CancellationToken ct) => kind switch
    {
        "articles" => await PublicArticles(db, now).CountAsync(ct),
        "sections" => await db.Sections.CountAsync(ct) + 1,
        "tags" => await PublicArticles(db, now).SelectMany(a => a.Tags).Select(t => t.Id).Distinct().CountAsync(ct),
        "authors" => await PublicArticles(db, now).SelectMany(a => a.Authors).Select(t => t.Id).Distinct().CountAsync(ct),
        _ => await db.StaticPages.CountAsync(ct),
    };

    private static async Task<IReadOnlyList<SitemapUrl>> ArticleUrlsAsync(BroadsheetDb db, DateTime now, Media.IMediaStore store, int skip, int take, CancellationToken ct)
    {
        var rows = await PublicArticles(db, now).OrderBy(a => a.Id).Skip(skip).Take(take)
            .Select(a => new
            {
                a.Slug, SectionPath = a.Section.Path, a.UpdatedAt,
                Image = a.FeaturedImage == null ? null : new { a.FeaturedImage.Id, a.FeaturedImage.Key, a.FeaturedImage.Format, a.FeaturedImage.Widths, a.FeaturedImage.Width, a.FeaturedImage.Height },
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new SitemapUrl(SitePaths.Article(r.SectionPath, r.Slug), r.UpdatedAt,
            r.Image is { } i ? Media.ResponsiveImage.From(i.Id, i.Key, i.Format, i.Widths, i.Width, i.Height, "", null, null, store).LargestUrl : null))];
    }

    private static string Absolute(HttpContext http, string url) => StructuredData.Absolute(http.Request, url);

    private static IResult Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = false }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        return Results.Bytes(buffer.ToArray(), XmlType);
    }
}
