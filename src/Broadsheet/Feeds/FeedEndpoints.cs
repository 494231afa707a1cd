using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Comments;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Sections;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Feeds;

/// <summary>
/// The feeds of PRODUCT.md: RSS 2.0 at /feed/, Atom at /feed/atom/, a section's at "&lt;section url&gt;feed/"
/// (with its subsections' articles) and the latest approved comments at /comments/feed/. Each is a public page:
/// cached, purged with the listings it mirrors, compressed and given an ETag.
/// </summary>
public static class FeedEndpoints
{
    public const int Size = 20;
    public const string RssType = "application/rss+xml; charset=utf-8";
    public const string AtomType = "application/atom+xml; charset=utf-8";

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed/", SiteRss).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/feed/atom/", SiteAtom).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/comments/feed/", CommentsRss).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        // "/europe/russia/feed/": tried before the path page, which answers every other path made of slugs.
        app.MapGet("/{**sectionFeed:regex(^(?!comments/).+/feed/$)}", SectionRss).WithMetadata(PublicPage.Instance).WithOrder(-1).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SiteRss(ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds);
        var feed = await ArticleFeedAsync(articles, new ArticleFilter(), site.CurrentValue.Title, site.CurrentValue.Tagline, "/", "/feed/", http, ct);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType);
    }

    private static async Task<IResult> SiteAtom(ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds);
        var feed = await ArticleFeedAsync(articles, new ArticleFilter(), site.CurrentValue.Title, site.CurrentValue.Tagline, "/", "/feed/atom/", http, ct);
        return Xml(new Atom10FeedFormatter(feed), AtomType);
    }

    private static async Task<IResult> SectionRss(
        string sectionFeed, SectionTreeCache sections, ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        var path = sectionFeed.Trim('/')[..^"/feed".Length];
        if ((await sections.GetAsync(ct)) is var tree && tree.ByPath(path) is not { } section)
        {
            return Results.NotFound();
        }
        var subtree = tree.SubtreeIds(section.Id);
        PageTags.Add(http, [PageTags.Feeds, .. subtree.Select(PageTags.SectionListing)]);
        var feed = await ArticleFeedAsync(articles, new ArticleFilter(subtree), $"{section.Name} – {site.CurrentValue.Title}", null,
            SitePaths.Section(section.Path), $"{SitePaths.Section(section.Path)}feed/", http, ct);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType);
    }

    private static async Task<IResult> CommentsRss(BroadsheetDb db, TimeProvider clock, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.CommentFeeds);
        var publicArticles = db.Articles.Where(ArticleStatuses.IsPublic(clock.GetUtcNow().UtcDateTime));
        var comments = await db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Approved)
            .Join(publicArticles, c => c.ArticleId, a => a.Id, (c, a) => new { c.Id, c.Name, c.BodyHtml, c.CreatedAt, a.Title, a.Slug, a.Section.Path })
            .OrderByDescending(c => c.Id)
            .Take(Size)
            .ToListAsync(ct);
        var items = comments.Select(c =>
        {
            var link = new Uri(http.Request.Absolute($"{SitePaths.Article(c.Path, c.Slug)}#comment-{c.Id}"));
            var item = new SyndicationItem($"Comment on {c.Title} by {c.Name}", SyndicationContent.CreateHtmlContent(c.BodyHtml), link,
                link.ToString(), ArticleQueries.AsUtc(c.CreatedAt));
            item.PublishDate = ArticleQueries.AsUtc(c.CreatedAt);
            item.Authors.Add(new SyndicationPerson { Name = c.Name });
            return item;
        }).ToList();
        var feed = NewFeed($"Comments – {site.CurrentValue.Title}", null, "/", "/comments/feed/", http, items);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType);
    }

    private static async Task<SyndicationFeed> ArticleFeedAsync(
        ArticleQueries articles, ArticleFilter filter, string title, string? description, string pagePath, string feedPath, HttpContext http, CancellationToken ct)
    {
        var latest = await articles.ListPublicAsync(filter, null, Size, ct);
        PageTags.AddListing(http, latest.Items);
        var items = latest.Items.Select(a =>
        {
            var link = new Uri(http.Request.Absolute(a.Url));
            var item = new SyndicationItem(a.Title, a.Dek ?? "", link, link.ToString(), a.PublishedAt) { PublishDate = a.PublishedAt };
            foreach (var author in a.Authors)
            {
                item.Authors.Add(new SyndicationPerson { Name = author.Name, Uri = http.Request.Absolute(author.Url) });
            }
            item.Categories.Add(new SyndicationCategory(a.SectionName));
            return item;
        }).ToList();
        return NewFeed(title, description, pagePath, feedPath, http, items);
    }

    private static SyndicationFeed NewFeed(string title, string? description, string pagePath, string feedPath, HttpContext http, List<SyndicationItem> items)
    {
        var feed = new SyndicationFeed(title, description ?? "", new Uri(http.Request.Absolute(pagePath)), http.Request.Absolute(feedPath),
            items.Count > 0 ? items.Max(i => i.LastUpdatedTime) : DateTimeOffset.UnixEpoch, items);
        feed.Links.Add(new SyndicationLink(new Uri(http.Request.Absolute(feedPath)), "self", title, null, 0));
        return feed;
    }

    private static IResult Xml(SyndicationFeedFormatter formatter, string contentType)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            formatter.WriteTo(writer);
        }
        return Results.Bytes(buffer.ToArray(), contentType);
    }
}
