using System.Text.Json;
using AngleSharp.Dom;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Discovery;

/// <summary>
/// What search engines and social sites read of a page: a canonical link on the site's address without tracking
/// parameters, Open Graph and Twitter tags, and schema.org JSON-LD (NewsArticle, BreadcrumbList, WebSite, CollectionPage,
/// Person) parsed back field by field — a hostile title included.
/// </summary>
public sealed class MetadataTests
{
    private const string Base = "https://news.example.org";

    private static BroadsheetApp Site() => BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:Site:BaseUrl"] = Base });

    private static string? Meta(IDocument page, string property) =>
        page.QuerySelector($"meta[property='{property}'], meta[name='{property}']")?.GetAttribute("content");

    private static List<JsonElement> JsonLd(IDocument page) =>
        [.. page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement.Clone())];

    private static JsonElement OfType(IDocument page, string type) => JsonLd(page).Single(j => j.GetProperty("@type").GetString() == type);

    [Fact]
    public async Task An_article_names_its_canonical_address_its_preview_and_its_news_article_and_breadcrumb()
    {
        using var site = Site();
        var parent = (await site.CreateSectionAsync("Europe")).Str("slug");
        var section = (await site.CreateSectionAsync("Harbours", parent)).Str("slug");
        var article = await site.CreateArticleAsync(section, new
        {
            title = "Ferry returns to the harbour", dek = "The crossing runs again.", tags = new[] { "Ferries", "Weather" }, authors = new[] { "Ines Duarte" },
        });
        var path = BroadsheetApp.PathOf(article);

        var page = await HtmlPage.GetAsync(site.Anonymous(), path + "?utm_source=newsletter&utm_medium=email");

        Assert.Equal(Base + path, page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("article", Meta(page, "og:type"));
        Assert.Equal("Ferry returns to the harbour", Meta(page, "og:title"));
        Assert.Equal("The crossing runs again.", Meta(page, "og:description"));
        Assert.Equal(Base + path, Meta(page, "og:url"));
        Assert.Equal("The Test Gazette", Meta(page, "og:site_name"));
        Assert.Equal("Harbours", Meta(page, "article:section"));
        Assert.Equal(["Ferries", "Weather"], page.QuerySelectorAll("meta[property='article:tag']").Select(m => m.GetAttribute("content")));
        Assert.Equal("2024-07-18T12:00:00Z", Meta(page, "article:published_time"));
        Assert.Equal("summary", Meta(page, "twitter:card"));

        var news = OfType(page, "NewsArticle");
        Assert.Equal("https://schema.org", news.GetProperty("@context").GetString());
        Assert.Equal("Ferry returns to the harbour", news.GetProperty("headline").GetString());
        Assert.Equal("The crossing runs again.", news.GetProperty("description").GetString());
        Assert.Equal("2024-07-18T12:00:00Z", news.GetProperty("datePublished").GetString());
        Assert.Equal("2024-07-18T12:00:00Z", news.GetProperty("dateModified").GetString());
        var author = Assert.Single(news.GetProperty("author").EnumerateArray());
        Assert.Equal("Ines Duarte", author.GetProperty("name").GetString());
        Assert.Equal($"{Base}/author/ines-duarte/", author.GetProperty("url").GetString());
        Assert.Equal("The Test Gazette", news.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal(Base + path, news.GetProperty("mainEntityOfPage").GetProperty("@id").GetString());
        Assert.Equal("Harbours", news.GetProperty("articleSection").GetString());
        Assert.Equal("Ferries, Weather", news.GetProperty("keywords").GetString());
        Assert.True(news.GetProperty("wordCount").GetInt32() > 5);

        var crumbs = OfType(page, "BreadcrumbList").GetProperty("itemListElement").EnumerateArray().ToList();
        var visible = page.QuerySelectorAll("nav.breadcrumb li").Select(li => li.Text()).ToList();
        Assert.Equal(visible, crumbs.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([1, 2, 3, 4], crumbs.Select(c => c.GetProperty("position").GetInt32()));
        Assert.Equal([$"{Base}/", $"{Base}/europe/", $"{Base}/europe/harbours/", Base + path], crumbs.Select(c => c.GetProperty("item").GetString()));
    }

    [Fact]
    public async Task A_title_made_to_break_out_of_the_json_ld_block_stays_inside_it_as_text()
    {
        using var site = Site();
        var hostile = "Quay</script><script>alert(1)</script> & \"friends\"";
        var article = await site.CreateArticleAsync((await site.CreateSectionAsync()).Str("slug"), new { title = hostile });

        var response = await site.Anonymous().GetAsync(BroadsheetApp.PathOf(article));
        var html = await response.Content.ReadAsStringAsync();
        var page = await HtmlPage.ParseAsync(response);

        Assert.DoesNotContain("</script><script>alert(1)", html);
        Assert.Equal(hostile, OfType(page, "NewsArticle").GetProperty("headline").GetString());
        Assert.DoesNotContain(page.QuerySelectorAll("script"), s => s.TextContent.Contains("alert(1)") && s.GetAttribute("type") != "application/ld+json");
    }

    [Fact]
    public async Task The_home_page_offers_site_search_and_listings_and_bylines_describe_themselves()
    {
        using var site = Site();
        var section = (await site.CreateSectionAsync("Weather")).Str("slug");
        await site.CreateArticleAsync(section, new { authors = new[] { "Ada Byrne" }, tags = new[] { "Storms" } });
        var reader = site.Anonymous();

        var home = await HtmlPage.GetAsync(reader, "/");
        var sectionPage = await HtmlPage.GetAsync(reader, $"/{section}/");
        var tagPage = await HtmlPage.GetAsync(reader, "/tag/storms/");
        var authorPage = await HtmlPage.GetAsync(reader, "/author/ada-byrne/");

        var website = OfType(home, "WebSite");
        Assert.Equal($"{Base}/", website.GetProperty("url").GetString());
        Assert.Equal($"{Base}/search?q={{search_term_string}}", website.GetProperty("potentialAction").GetProperty("target").GetProperty("urlTemplate").GetString());
        Assert.Equal("required name=search_term_string", website.GetProperty("potentialAction").GetProperty("query-input").GetString());
        Assert.Equal($"{Base}/", home.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("website", Meta(home, "og:type"));
        Assert.Equal("Weather", OfType(sectionPage, "CollectionPage").GetProperty("name").GetString());
        Assert.Equal($"{Base}/{section}/", OfType(sectionPage, "CollectionPage").GetProperty("url").GetString());
        Assert.Equal(2, OfType(sectionPage, "BreadcrumbList").GetProperty("itemListElement").GetArrayLength());
        Assert.Equal($"{Base}/tag/storms/", OfType(tagPage, "CollectionPage").GetProperty("url").GetString());
        Assert.Equal("Ada Byrne", OfType(authorPage, "Person").GetProperty("name").GetString());
        Assert.Equal($"{Base}/author/ada-byrne/", authorPage.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
    }
}
