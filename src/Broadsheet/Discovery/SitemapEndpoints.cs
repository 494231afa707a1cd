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
        // One narrow read of every public article's date, in the files' order: each file's lastmod is its newest.
        var dates = await InFileOrder(PublicArticles(db, now)).Select(a => a.UpdatedAt).ToListAsync(ct);
        var chunks = dates.Chunk(perFile).ToList();
        files.AddRange(chunks.Count == 0
            ? [("/sitemap-articles-1.xml", null)]
            : chunks.Select((chunk, i) => ($"/sitemap-articles-{i + 1}.xml", (DateTime?)chunk.Max())));
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
            "tags" => [.. (await ListedTags(db, now).OrderBy(t => t.Id).Skip(skip).Take(perFile).Select(t => t.Slug).ToListAsync(ct))
                .Select(slug => new SitemapUrl(SitePaths.Tag(slug), null, null))],
            "authors" => [.. (await ListedAuthors(db, now).OrderBy(a => a.Id).Skip(skip).Take(perFile).Select(a => a.Slug).ToListAsync(ct))
                .Select(slug => new SitemapUrl(SitePaths.Author(slug), null, null))],
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

    /// <summary>
    /// Oldest published first, in exactly the order of the (Listed, PublishedAt, EmbargoUntil, UpdatedAt) index, which
    /// holds everything these queries read: no query sorts or visits 100,000 rows; new articles land in the last file.
    /// </summary>
    private static IQueryable<Article> InFileOrder(IQueryable<Article> articles) =>
        articles.OrderBy(a => a.PublishedAt).ThenBy(a => a.EmbargoUntil).ThenBy(a => a.UpdatedAt).ThenBy(a => a.Id);

    // From each tag or byline to its join rows (an index on the tag's or byline's id) and on to the article by key: a
    // probe per term, not a scan of every article for each one.
    private static IQueryable<Tags.Tag> ListedTags(BroadsheetDb db, DateTime now)
    {
        var joins = db.Set<Dictionary<string, object>>("ArticleTags");
        var published = PublicArticles(db, now);
        return db.Tags.AsNoTracking().Where(t => joins.Any(j => EF.Property<int>(j, "TagsId") == t.Id
            && published.Any(a => a.Id == EF.Property<int>(j, "ArticleId"))));
    }

    private static IQueryable<Authors.Author> ListedAuthors(BroadsheetDb db, DateTime now)
    {
        var joins = db.Set<Dictionary<string, object>>("ArticleAuthors");
        var published = PublicArticles(db, now);
        return db.Authors.AsNoTracking().Where(au => joins.Any(j => EF.Property<int>(j, "AuthorsId") == au.Id
            && published.Any(a => a.Id == EF.Property<int>(j, "ArticleId"))));
    }

    private static async Task<int> CountAsync(string kind, BroadsheetDb db, DateTime now, CancellationToken ct) => kind switch
    {
        "articles" => await PublicArticles(db, now).CountAsync(ct),
        "sections" => await db.Sections.CountAsync(ct) + 1,
        "tags" => await ListedTags(db, now).CountAsync(ct),
        "authors" => await ListedAuthors(db, now).CountAsync(ct),
        _ => await db.StaticPages.CountAsync(ct),
    };

    private static async Task<IReadOnlyList<SitemapUrl>> ArticleUrlsAsync(BroadsheetDb db, DateTime now, Media.IMediaStore store, int skip, int take, CancellationToken ct)
    {
        var rows = await InFileOrder(PublicArticles(db, now)).Skip(skip).Take(take)
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
