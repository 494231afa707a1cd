using System.Net;
using System.Net.Http.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Site;

public sealed class SitePagesTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task The_home_page_shows_the_date_bar_navigation_lead_story_and_section_blocks()
    {
        var section = await app.CreateSectionAsync(BroadsheetApp.Unique("Asia"));
        var lead = await app.CreateArticleAsync(section.Str("slug"), new { dek = "The lead's dek." });

        var page = await HtmlPage.GetAsync(app.Anonymous(), "/");

        Assert.Equal("Thursday, July 18, 2024", page.QuerySelector(".date-bar time").Text());
        Assert.Equal("2024-07-18", page.QuerySelector(".date-bar time")?.GetAttribute("datetime"));
        Assert.Contains(section.Str("name"), page.Texts("nav[aria-label=Sections] a"));
        Assert.Equal(lead.Str("title"), page.QuerySelector(".lead-story h2").Text());
        Assert.Contains(section.Str("name"), page.Texts(".section-block h2"));
        Assert.Equal("The Test Gazette", page.QuerySelector(".site-title").Text());
    }

    [Theory]
    [InlineData("DELETE", "/")]
    [InlineData("PUT", "/no/such/thing/here/")]
    [InlineData("DELETE", "/api/v1/articles/1/corrections/1")]
    [InlineData("PATCH", "/corrections/")]
    public async Task A_method_a_page_has_no_handler_for_is_refused_not_answered_with_an_empty_page(string method, string path)
    {
        using var response = await app.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        // Refused: by the antiforgery check (a form post without its token) or as a method the page does not take.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.MethodNotAllowed });
        if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            Assert.Contains("GET", response.Content.Headers.Allow);
        }
    }

    [Fact]
    public async Task A_missing_page_answers_404_with_a_search_box_and_the_sections()
    {
        var section = await app.CreateSectionAsync();

        var page = await HtmlPage.GetAsync(app.Anonymous(), "/no/such/thing/here/", expectedStatus: 404);

        Assert.NotNull(page.QuerySelector(".not-found form[action='/search'] input[name=q]"));
        Assert.Contains(section.Str("name"), page.Texts(".not-found li a"));
    }

    [Theory]
    [InlineData("/tag/no-such-tag/")]
    [InlineData("/author/nobody-at-all/")]
    [InlineData("/1999/13/")]
    public async Task Missing_listings_answer_404_not_500(string path)
    {
        var response = await app.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_api_resource_answers_404_problem_json()
    {
        var response = await app.Anonymous().GetAsync("/api/v1/articles/987654");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_date_bar_follows_the_configured_time_zone_and_culture()
    {
        using var berlin = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Site:TimeZone"] = "Pacific/Auckland",
            ["Broadsheet:Site:Culture"] = "de-DE",
        });

        var page = await HtmlPage.GetAsync(berlin.Anonymous(), "/");

        // Noon UTC on July 18 is already July 19 in Auckland.
        Assert.Equal("Freitag, 19. Juli 2024", page.QuerySelector(".date-bar time").Text());
    }

    [Fact]
    public async Task Health_answers_200_when_the_database_answers()
    {
        var response = await app.Anonymous().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().GetAsync("/openapi/v1.json"), 200);

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/articles", out _));
        Assert.True(paths.TryGetProperty("/api/v1/sections", out _));
        Assert.True(paths.TryGetProperty("/api/v1/popular", out _));
    }

    [Fact]
    public async Task A_static_page_is_served_at_its_slug()
    {
        var slug = BroadsheetApp.Unique("about");
        var created = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/pages",
            new { title = "About the Gazette", slug, body = "We have reported on the valley since **1921**." }), 201);

        var page = await HtmlPage.GetAsync(app.Anonymous(), $"/{slug}/");

        Assert.Equal($"http://localhost/{slug}/", created.Str("url"));
        Assert.Equal("About the Gazette", page.QuerySelector("h1").Text());
        Assert.Equal("1921", page.QuerySelector(".article-body strong").Text());
    }

    [Fact]
    public async Task Tag_author_and_date_archive_pages_list_their_articles()
    {
        var section = await app.CreateSectionAsync();
        var tag = BroadsheetApp.Unique("Floods");
        var author = BroadsheetApp.Unique("Noor Haddad");
        var article = await app.CreateArticleAsync(section.Str("slug"), new { tags = new[] { tag }, authors = new[] { author } });
        var reader = app.Anonymous();

        var tagPage = await HtmlPage.GetAsync(reader, $"/tag/{tag.ToLowerInvariant()}/");
        var authorPage = await HtmlPage.GetAsync(reader, $"/author/{author.ToLowerInvariant().Replace(' ', '-')}/");
        var monthPage = await HtmlPage.GetAsync(reader, "/2024/07/");
        var yearPage = await HtmlPage.GetAsync(reader, "/2024/");
        var otherMonth = await HtmlPage.GetAsync(reader, "/2024/06/");

        Assert.Contains(article.Str("title"), tagPage.Texts(".article-list h3"));
        Assert.Contains(article.Str("title"), authorPage.Texts(".article-list h3"));
        Assert.Contains(article.Str("title"), monthPage.Texts(".article-list h3"));
        Assert.Contains(article.Str("title"), yearPage.Texts(".article-list h3"));
        Assert.DoesNotContain(article.Str("title"), otherMonth.Texts(".article-list h3"));
        Assert.Equal("Archive: July 2024", monthPage.QuerySelector("h1").Text());
    }

    [Fact]
    public async Task Search_finds_public_articles_by_words_in_title_or_body()
    {
        var section = await app.CreateSectionAsync();
        var word = "zeppelin" + Guid.NewGuid().ToString("N")[..6];
        var match = await app.CreateArticleAsync(section.Str("slug"), new { body = $"A {word} flew over the town hall." });
        var draft = await app.CreateArticleAsync(section.Str("slug"), new { body = $"The {word} in a draft.", status = "draft" });

        var page = await HtmlPage.GetAsync(app.Anonymous(), $"/search?q={word.ToUpperInvariant()}");

        Assert.Equal([match.Str("title")], page.Texts(".article-list h3"));
        Assert.DoesNotContain(draft.Str("title"), page.Texts(".article-list h3"));
    }
}
