using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

public sealed class TheArticlePageTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task The_breadcrumb_of_an_article_in_a_nested_section_links_every_crumb_but_the_last()
    {
        var europe = await app.CreateSectionAsync(BroadsheetApp.Unique("Europe"));
        var russia = await app.CreateSectionAsync(BroadsheetApp.Unique("Russia"), parent: europe.Str("slug"));
        var article = await app.CreateArticleAsync(russia.Str("slug"), new { title = "Grain convoy reaches the port" });

        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));

        var crumbs = page.QuerySelectorAll("nav[aria-label='Breadcrumb'] > ol > li");
        Assert.Equal(["Home", europe.Str("name"), russia.Str("name"), "Grain convoy reaches the port"], crumbs.Select(li => li.Text()));
        Assert.Equal(["/", BroadsheetApp.PathOf(europe), BroadsheetApp.PathOf(russia)],
            crumbs.Take(3).Select(li => li.QuerySelector("a")?.GetAttribute("href")));
        Assert.Null(crumbs[3].QuerySelector("a"));
    }

    [Fact]
    public async Task The_page_shows_title_dek_authors_dates_and_tags()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"), new
        {
            title = "Tram line opens a year late",
            dek = "Commuters queued from dawn for the first ride.",
            authors = new[] { "Ines Marlow", "Tomas Reed" },
            tags = new[] { "Transport" },
        });

        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));

        Assert.Equal("Tram line opens a year late", page.QuerySelector("h1").Text());
        Assert.Equal("Commuters queued from dawn for the first ride.", page.QuerySelector(".dek").Text());
        Assert.Equal(["/author/ines-marlow/", "/author/tomas-reed/"],
            page.QuerySelectorAll(".byline a[rel=author]").Select(a => a.GetAttribute("href")));
        Assert.Equal(article.GetProperty("publishedAt").GetDateTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            page.QuerySelector("time.published")?.GetAttribute("datetime"));
        Assert.Equal(["Transport"], page.Texts(".tags a[rel=tag]"));
        Assert.NotNull(page.QuerySelector("aside .most-popular h2"));
        Assert.Equal("Tram line opens a year late | The Test Gazette", page.Title);
    }

    [Fact]
    public async Task An_edited_article_shows_when_it_was_updated()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));
        app.Clock.Advance(TimeSpan.FromHours(3));

        await BroadsheetApp.ExpectJsonAsync(await System.Net.Http.Json.HttpClientJsonExtensions.PatchAsJsonAsync(
            app.Editor(), $"/api/v1/articles/{article.Id()}", new { body = "A corrected body." }), 200);
        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));

        Assert.NotNull(page.QuerySelector("time.updated"));
        Assert.Equal("A corrected body.", page.QuerySelector(".article-body").Text());
    }
}
