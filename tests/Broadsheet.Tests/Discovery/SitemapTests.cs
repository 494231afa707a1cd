using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Media;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Discovery;

/// <summary>
/// /robots.txt, the sitemap index and its paged child sitemaps by the sitemap protocol, and the Google News sitemap:
/// only what readers may see, absolute URLs on the site's address, W3C dates, the news extension's required fields.
/// </summary>
public sealed class SitemapTests
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Image = "http://www.google.com/schemas/sitemap-image/1.1";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";
    private const string Base = "https://news.example.org";

    private static BroadsheetApp Site() => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Site:BaseUrl"] = Base,
        ["Broadsheet:Sitemaps:UrlsPerFile"] = "2",
    });

    private static async Task<XDocument> XmlAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static void AssertW3CDate(string text) =>
        Assert.True(DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"'{text}' is a W3C date");

    [Fact]
    public async Task Robots_txt_answers_at_its_exact_path_names_both_sitemaps_and_keeps_the_admin_and_search_out()
    {
        using var site = Site();

        var response = await site.Anonymous().GetAsync("/robots.txt");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n');
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Disallow: /admin/", lines);
        Assert.Contains("Disallow: /search", lines);
        Assert.Contains($"Sitemap: {Base}/sitemap.xml", lines);
        Assert.Contains($"Sitemap: {Base}/news-sitemap.xml", lines);
    }

    [Fact]
    public async Task The_index_pages_every_public_article_section_tag_byline_and_page_into_child_sitemaps_of_at_most_the_limit()
    {
        using var site = Site();
        var section = (await site.CreateSectionAsync("Harbour")).Str("slug");
        await site.CreateSectionAsync("Weather");
        var picture = await UploadAsync(site);
        var published = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var article = await site.CreateArticleAsync(section, new { tags = new[] { $"quay-{i % 2}" }, authors = new[] { "Ines Duarte" }, featuredImage = i == 0 ? picture : (int?)null });
            published.Add(article.Str("url"));
        }
        await site.CreateArticleAsync(section, new { status = "draft", title = "A draft nobody may see" });
        await site.CreateArticleAsync(section, new { status = "scheduled", publishedAt = site.Clock.GetUtcNow().AddDays(1), title = "Tomorrow's story" });
        await BroadsheetApp.ExpectJsonAsync(await site.Editor().PostAsJsonAsync("/api/v1/pages", new { title = "About us", body = "Who we are." }), 201);
        var reader = site.Anonymous();

        var index = await XmlAsync(reader, "/sitemap.xml");

        Assert.Equal(Sitemap + "sitemapindex", index.Root!.Name);
        var files = index.Root.Elements(Sitemap + "sitemap").Select(s => s.Element(Sitemap + "loc")!.Value).ToList();
        Assert.Equal([
            $"{Base}/sitemap-articles-1.xml", $"{Base}/sitemap-articles-2.xml", $"{Base}/sitemap-articles-3.xml",
            $"{Base}/sitemap-sections-1.xml", $"{Base}/sitemap-sections-2.xml", $"{Base}/sitemap-tags-1.xml", $"{Base}/sitemap-authors-1.xml",
            $"{Base}/sitemap-pages-1.xml"], files);
        foreach (var lastmod in index.Root.Descendants(Sitemap + "lastmod"))
        {
            AssertW3CDate(lastmod.Value);
        }
        var urls = new Dictionary<string, XElement>();
        foreach (var file in files)
        {
            var child = await XmlAsync(reader, new Uri(file).AbsolutePath);
            Assert.Equal(Sitemap + "urlset", child.Root!.Name);
            var entries = child.Root.Elements(Sitemap + "url").ToList();
            Assert.InRange(entries.Count, 1, 2);
            foreach (var entry in entries)
            {
                var loc = entry.Element(Sitemap + "loc")!.Value;
                Assert.StartsWith(Base + "/", loc);
                urls.Add(loc, entry);
            }
        }
        var articleUrls = urls.Keys.Where(u => u.StartsWith($"{Base}/{section}/", StringComparison.Ordinal) && u != $"{Base}/{section}/").ToList();
        Assert.Equal(published.Select(u => Base + new Uri(u).AbsolutePath).Order(), articleUrls.Order());
        Assert.Contains($"{Base}/", urls.Keys);
        Assert.Contains($"{Base}/weather/", urls.Keys);
        Assert.Contains($"{Base}/tag/quay-0/", urls.Keys);
        Assert.Contains($"{Base}/tag/quay-1/", urls.Keys);
        Assert.Contains($"{Base}/author/ines-duarte/", urls.Keys);
        Assert.Contains($"{Base}/about-us/", urls.Keys);
        var withPicture = urls[Base + new Uri(published[0]).AbsolutePath];
        Assert.StartsWith(Base + "/media/", withPicture.Element(Image + "image")!.Element(Image + "loc")!.Value);
        AssertW3CDate(withPicture.Element(Sitemap + "lastmod")!.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/sitemap-articles-4.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/sitemap-secrets-1.xml")).StatusCode);
    }

    [Fact]
    public async Task The_news_sitemap_has_the_last_48_hours_with_publication_language_date_and_title_and_follows_publishing_at_once()
    {
        using var site = Site();
        var section = (await site.CreateSectionAsync()).Str("slug");
        var old = await site.CreateArticleAsync(section, new { title = "Last week's story", publishedAt = site.Clock.GetUtcNow().AddDays(-3) });
        var fresh = await site.CreateArticleAsync(section, new { title = "Ferry <returns> & more" });
        var reader = site.Anonymous();
        var before = await XmlAsync(reader, "/news-sitemap.xml");

        var later = await site.CreateArticleAsync(section, new { title = "Published after the sitemap was cached" });
        var news = await XmlAsync(reader, "/news-sitemap.xml");

        Assert.Single(before.Root!.Elements(Sitemap + "url"));
        var entries = news.Root!.Elements(Sitemap + "url").ToList();
        Assert.Equal([Base + new Uri(later.Str("url")).AbsolutePath, Base + new Uri(fresh.Str("url")).AbsolutePath],
            entries.Select(e => e.Element(Sitemap + "loc")!.Value));
        var item = entries[1].Element(News + "news")!;
        Assert.Equal("The Test Gazette", item.Element(News + "publication")!.Element(News + "name")!.Value);
        Assert.Equal("en", item.Element(News + "publication")!.Element(News + "language")!.Value);
        Assert.Equal("Ferry <returns> & more", item.Element(News + "title")!.Value);
        AssertW3CDate(item.Element(News + "publication_date")!.Value);
        Assert.DoesNotContain(entries, e => e.Element(Sitemap + "loc")!.Value.EndsWith(new Uri(old.Str("url")).AbsolutePath, StringComparison.Ordinal));
    }

    private static async Task<int> UploadAsync(BroadsheetApp site)
    {
        var bytes = Media.TestPictures.Jpeg(1200, 800);
        using var stream = new MemoryStream(bytes);
        var file = new FormFile(stream, 0, bytes.Length, "file", "quay.jpg") { Headers = new HeaderDictionary(), ContentType = "image/jpeg" };
        using var scope = site.Services.CreateScope();
        var saved = await scope.ServiceProvider.GetRequiredService<MediaLibrary>().UploadAsync(file, new MediaDetails("The quay at dawn", null, null), Actor.Site, CancellationToken.None);
        return Assert.IsType<Saved<MediaItem>>(saved).Value.Id;
    }
}
