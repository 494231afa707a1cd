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

/// <summary>Bound from "Broadsheet:Feeds".</summary>
public sealed class FeedsOptions
{
    public const string Section = "Broadsheet:Feeds";

    /// <summary>Each article's whole body in the feeds (WordPress's default); off, only its dek as an excerpt.</summary>
    public bool FullText { get; set; } = true;
}

/// <summary>
/// The feeds of PRODUCT.md: RSS 2.0 at /feed/, Atom at /feed/atom/, a section's at "&lt;section url&gt;feed/"
/// (with its subsections' articles), a tag's and a byline's at "/tag/…/feed/" and "/author/…/feed/", an article's
/// comments at "&lt;article url&gt;feed/" and the latest approved comments at /comments/feed/. Each is a public page:
/// cached, purged with the listings it mirrors, compressed, given an ETag and a Last-Modified date.
/// </summary>
public static class FeedEndpoints
{
    /// <summary>ViewData of a page with a feed of its own: (title, path), announced in the page's head.</summary>
    public const string PageFeedKey = "PageFeed";

    public const int Size = 20;
    public const string RssType = "application/rss+xml; charset=utf-8";
    public const string AtomType = "application/atom+xml; charset=utf-8";

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed/", SiteRss).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/feed/atom/", SiteAtom).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/comments/feed/", CommentsRss).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet(Corrections.CorrectionsLog.FeedPath, CorrectionsRss).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/tag/{slug}/feed/", TagRss).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        app.MapGet("/author/{slug}/feed/", AuthorRss).WithMetadata(PublicPage.Instance).ExcludeFromDescription();
        // "/europe/russia/feed/" (a section's) or "/europe/russia/some-slug/feed/" (an article's comments): tried before
        // the path page, which answers every other path made of slugs.
        app.MapGet("/{**sectionFeed:regex(^(?!comments/|tag/|author/|corrections/).+/feed/$)}", SectionRss).WithMetadata(PublicPage.Instance).WithOrder(-1).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SiteRss(ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds);
        var feed = await ArticleFeedAsync(articles, new ArticleFilter(), site.CurrentValue.Title, site.CurrentValue.Tagline, "/", "/feed/", http, ct);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType, http);
    }

    private static async Task<IResult> SiteAtom(ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds);
        var feed = await ArticleFeedAsync(articles, new ArticleFilter(), site.CurrentValue.Title, site.CurrentValue.Tagline, "/", "/feed/atom/", http, ct, atom: true);
        return Xml(new Atom10FeedFormatter(feed), AtomType, http);
    }

    private static async Task<IResult> TagRss(
        string slug, BroadsheetDb db, ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct) =>
        await db.Tags.AsNoTracking().Where(t => t.Slug == slug).Select(t => new { t.Id, t.Name }).SingleOrDefaultAsync(ct) is { } tag
            ? await TermRssAsync(tag.Name, SitePaths.Tag(slug), new ArticleFilter(TagId: tag.Id), PageTags.TagListing(tag.Id), articles, site, http, ct)
            : Results.NotFound();

    private static async Task<IResult> AuthorRss(
        string slug, BroadsheetDb db, ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct) =>
        await db.Authors.AsNoTracking().Where(a => a.Slug == slug).Select(a => new { a.Id, a.Name }).SingleOrDefaultAsync(ct) is { } author
            ? await TermRssAsync(author.Name, SitePaths.Author(slug), new ArticleFilter(AuthorId: author.Id), PageTags.AuthorListing(author.Id), articles, site, http, ct)
            : Results.NotFound();

    private static async Task<IResult> TermRssAsync(
        string name, string pagePath, ArticleFilter filter, string listingTag, ArticleQueries articles, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Feeds, listingTag);
        var feed = await ArticleFeedAsync(articles, filter, $"{name} – {site.CurrentValue.Title}", null, pagePath, $"{pagePath}feed/", http, ct);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType, http);
    }

    private static async Task<IResult> SectionRss(
        string sectionFeed, SectionTreeCache sections, ArticleQueries articles, BroadsheetDb db, TimeProvider clock, IOptionsMonitor<SiteOptions> site,
        HttpContext http, CancellationToken ct)
    {
        var path = sectionFeed.Trim('/')[..^"/feed".Length];
        if ((await sections.GetAsync(ct)) is var tree && tree.ByPath(path) is not { } section)
        {
            var comments = await ArticleCommentsRssAsync(path, db, clock, site, http, ct);
            // The feed of an old address (a renamed section or article, an imported WordPress permalink) follows it.
            return comments is Microsoft.AspNetCore.Http.HttpResults.NotFound && await UrlRedirect.MovedToAsync(db, articles, tree, path, ct) is { } moved
                ? Results.Redirect(moved + "feed/", permanent: true)
                : comments;
        }
        var subtree = tree.SubtreeIds(section.Id);
        PageTags.Add(http, [PageTags.Feeds, .. subtree.Select(PageTags.SectionListing)]);
        var feed = await ArticleFeedAsync(articles, new ArticleFilter(subtree), $"{section.Name} – {site.CurrentValue.Title}", null,
            SitePaths.Section(section.Path), $"{SitePaths.Section(section.Path)}feed/", http, ct);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType, http);
    }

    /// <summary>"/europe/russia/some-slug/feed/": the approved comments on that public article, newest first (WordPress's per-post feed).</summary>
    private static async Task<IResult> ArticleCommentsRssAsync(string path, BroadsheetDb db, TimeProvider clock, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        var slash = path.LastIndexOf('/');
        if (slash < 1)
        {
            return Results.NotFound();
        }
        var (sectionPath, slug) = (path[..slash], path[(slash + 1)..]);
        var article = await db.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(clock.GetUtcNow().UtcDateTime))
            .Where(a => a.Slug == slug && a.Section.Path == sectionPath).Select(a => new { a.Id, a.Title }).SingleOrDefaultAsync(ct);
        if (article is null)
        {
            return Results.NotFound();
        }
        PageTags.Add(http, PageTags.CommentFeeds, PageTags.Article(article.Id));
        var items = await CommentItemsAsync(db, clock, http, c => c.ArticleId == article.Id, ct);
        var feed = NewFeed($"Comments on {article.Title} – {site.CurrentValue.Title}", null, SitePaths.Article(sectionPath, slug),
            $"{SitePaths.Article(sectionPath, slug)}feed/", http, items);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType, http);
    }

    private static async Task<IResult> CommentsRss(BroadsheetDb db, TimeProvider clock, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.CommentFeeds);
        var items = await CommentItemsAsync(db, clock, http, c => true, ct);
        var feed = NewFeed($"Comments – {site.CurrentValue.Title}", null, "/", "/comments/feed/", http, items);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType, http);
    }

    private static async Task<IResult> CorrectionsRss(Corrections.CorrectionsLog corrections, IOptionsMonitor<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        PageTags.Add(http, PageTags.Corrections);
        var (entries, _) = await corrections.LogAsync(null, Size, ct);
        var items = entries.Select(e =>
        {
            var link = new Uri(http.Request.Absolute($"{e.ArticleUrl}#correction-{e.Note.Id}"));
            var item = new SyndicationItem($"{e.Note.Label}: {e.ArticleTitle}", string.Join("\n\n", e.Note.Paragraphs), link, link.ToString(), e.Note.CreatedAt)
            {
                PublishDate = e.Note.CreatedAt,
            };
            item.Categories.Add(new SyndicationCategory(e.Note.Kind));
            return item;
        }).ToList();
        var feed = NewFeed($"Corrections – {site.CurrentValue.Title}", "Corrections, clarifications and updates made to articles after publication.",
            Corrections.CorrectionsLog.Path, Corrections.CorrectionsLog.FeedPath, http, items);
        return Xml(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), RssType, http);
    }

    private static async Task<List<SyndicationItem>> CommentItemsAsync(
        BroadsheetDb db, TimeProvider clock, HttpContext http, System.Linq.Expressions.Expression<Func<Comment, bool>> which, CancellationToken ct)
    {
        var publicArticles = db.Articles.Where(ArticleStatuses.IsPublic(clock.GetUtcNow().UtcDateTime));
        var comments = await db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Approved).Where(which)
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
        return items;
    }

    private static async Task<SyndicationFeed> ArticleFeedAsync(
        ArticleQueries articles, ArticleFilter filter, string title, string? description, string pagePath, string feedPath, HttpContext http, CancellationToken ct,
        bool atom = false)
    {
        var latest = await articles.ListPublicAsync(filter, null, Size, ct);
        PageTags.AddListing(http, latest.Items);
        var bodies = http.RequestServices.GetRequiredService<IOptionsMonitor<FeedsOptions>>().CurrentValue.FullText
            ? await articles.BodiesAsync([.. latest.Items.Select(a => a.Id)], ct)
            : new Dictionary<int, string>();
        var items = latest.Items.Select(a =>
        {
            var link = new Uri(http.Request.Absolute(a.Url));
            var item = new SyndicationItem(a.Title, a.Dek ?? "", link, link.ToString(), a.PublishedAt) { PublishDate = a.PublishedAt };
            if (bodies.TryGetValue(a.Id, out var body))
            {
                // Atom's <content type="html">; in RSS, content:encoded beside the dek in <description> (the RSS
                // formatter would put Content in place of the description).
                var html = PublicUrls.AbsoluteLinks(body, http);
                if (atom)
                {
                    item.Content = SyndicationContent.CreateHtmlContent(html);
                }
                else
                {
                    item.ElementExtensions.Add("encoded", "http://purl.org/rss/1.0/modules/content/", html);
                }
            }
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

    private static IResult Xml(SyndicationFeedFormatter formatter, string contentType, HttpContext http)
    {
        if (formatter.Feed.LastUpdatedTime > DateTimeOffset.UnixEpoch)
        {
            http.Response.GetTypedHeaders().LastModified = formatter.Feed.LastUpdatedTime;
        }
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            formatter.WriteTo(writer);
        }
        return Results.Bytes(buffer.ToArray(), contentType);
    }
}
