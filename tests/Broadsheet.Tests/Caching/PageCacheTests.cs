using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Caching;

/// <summary>
/// Anonymous readers get pages from the output cache; every kind of change refreshes exactly the pages that show
/// it on the next request. A response from the cache carries an Age header; a fresh one does not.
/// </summary>
public sealed class PageCacheTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static readonly HtmlParser Parser = new();

    private async Task<(bool Cached, IDocument Page)> ReadAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? app.Anonymous()).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.Age is not null, await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Reads a page twice, so it is in the cache, and checks that it is.</summary>
    private async Task WarmAsync(params string[] paths)
    {
        foreach (var path in paths)
        {
            await ReadAsync(path);
            Assert.True((await ReadAsync(path)).Cached, $"{path} was not served from the cache");
        }
    }

    private async Task<int> IdOfAsync(string list, string name)
    {
        var json = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/{list}?limit=100"), 200);
        return json.GetProperty("items").EnumerateArray().Single(i => i.Str("name") == name).Id();
    }

    [Fact]
    public async Task Anonymous_readers_get_a_page_from_the_cache_after_the_first_reader()
    {
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var path = BroadsheetApp.PathOf(article);

        var first = await ReadAsync(path);
        var second = await ReadAsync(path);

        Assert.False(first.Cached);
        Assert.True(second.Cached);
        Assert.Equal(article.Str("title"), second.Page.QuerySelector("h1").Text());
    }

    [Fact]
    public async Task Signed_in_editors_and_api_clients_bypass_the_cache()
    {
        var path = BroadsheetApp.PathOf(await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug")));
        await WarmAsync(path);
        var signedIn = app.Anonymous();
        signedIn.DefaultRequestHeaders.Add("Cookie", "bs_admin=a-session");

        Assert.False((await ReadAsync(path, signedIn)).Cached);
        Assert.False((await ReadAsync(path, app.Editor())).Cached);
    }

    [Fact]
    public async Task A_reader_with_a_held_comment_sees_it_on_a_page_the_others_get_from_the_cache()
    {
        var path = BroadsheetApp.PathOf(await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug")));
        await WarmAsync(path);
        var author = app.Anonymous();
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var posted = await author.SubmitCommentAsync(path, CommentForms.Fields("Held until a moderator reads it."));
        var authorView = await ReadAsync(path, author);
        var otherView = await ReadAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.False(authorView.Cached);
        Assert.Equal("Your comment is awaiting moderation.", authorView.Page.QuerySelector(".awaiting-moderation").Text());
        Assert.True(otherView.Cached);
        Assert.Null(otherView.Page.QuerySelector(".awaiting-moderation"));
    }

    [Fact]
    public async Task Publishing_an_article_refreshes_home_its_sections_tag_and_author_pages_and_nothing_else()
    {
        var parent = await app.CreateSectionAsync();
        var child = await app.CreateSectionAsync(parent: parent.Str("slug"));
        var elsewhere = BroadsheetApp.PathOf(await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug")));
        var (tag, author) = (BroadsheetApp.Unique("tag").ToLowerInvariant(), BroadsheetApp.Unique("writer").ToLowerInvariant());
        var draft = await app.CreateArticleAsync(child.Str("slug"), new { status = "draft", tags = new[] { tag }, authors = new[] { author } });
        string[] listings = ["/", BroadsheetApp.PathOf(parent), BroadsheetApp.PathOf(child), $"/tag/{tag}/", $"/author/{author}/"];
        await WarmAsync([.. listings, elsewhere]);

        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published" }), 200);

        foreach (var listing in listings)
        {
            var (cached, page) = await ReadAsync(listing);
            Assert.False(cached, $"{listing} was not refreshed");
            Assert.Contains(draft.Str("title"), page.Body?.TextContent ?? "");
        }
        Assert.True((await ReadAsync(elsewhere)).Cached);
    }

    [Fact]
    public async Task Editing_and_unpublishing_an_article_refresh_its_page_and_the_listings()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));
        var path = BroadsheetApp.PathOf(article);
        await WarmAsync(path, BroadsheetApp.PathOf(section));

        await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { title = "A corrected headline" });
        var edited = await ReadAsync(path);
        await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { status = "draft" });
        var gone = await app.Anonymous().GetAsync(path);
        var listing = await ReadAsync(BroadsheetApp.PathOf(section));

        Assert.Equal("A corrected headline", edited.Page.QuerySelector("h1").Text());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain("A corrected headline", listing.Page.Body?.TextContent ?? "");
    }

    [Fact]
    public async Task Approving_and_removing_a_comment_refresh_the_article_page()
    {
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var path = BroadsheetApp.PathOf(article);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, comment) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: "The ferry timetable changed in May."));
        await WarmAsync(path);

        await app.Editor().PostAsync($"/api/v1/comments/{comment.Id()}/approve", null);
        var approved = await ReadAsync(path);
        await app.Editor().PostAsync($"/api/v1/comments/{comment.Id()}/trash", null);
        var trashed = await ReadAsync(path);

        Assert.Equal("The ferry timetable changed in May.", approved.Page.QuerySelector($"#comment-{comment.Id()} .comment-content").Text());
        Assert.Null(trashed.Page.QuerySelector($"#comment-{comment.Id()}"));
    }

    [Fact]
    public async Task Renaming_a_section_refreshes_the_navigation_on_every_page()
    {
        var section = await app.CreateSectionAsync();
        var article = BroadsheetApp.PathOf(await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug")));
        await WarmAsync("/", article);
        var name = BroadsheetApp.Unique("Renamed");

        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/sections/{section.Id()}", new { name }), 200);

        Assert.Contains(name, (await ReadAsync("/")).Page.Texts("nav[aria-label=Sections] li a"));
        Assert.Contains(name, (await ReadAsync(article)).Page.Texts("nav[aria-label=Sections] li a"));
    }

    [Fact]
    public async Task Renaming_a_tag_or_an_author_refreshes_the_articles_that_show_them()
    {
        var (tag, author) = (BroadsheetApp.Unique("tag").ToLowerInvariant(), BroadsheetApp.Unique("writer").ToLowerInvariant());
        var path = BroadsheetApp.PathOf(await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), new { tags = new[] { tag }, authors = new[] { author } }));
        await WarmAsync(path);

        await app.Editor().PatchAsJsonAsync($"/api/v1/tags/{await IdOfAsync("tags", tag)}", new { name = "Harbour works" });
        await app.Editor().PatchAsJsonAsync($"/api/v1/authors/{await IdOfAsync("authors", author)}", new { name = "Mara Quill" });
        var page = (await ReadAsync(path)).Page;

        Assert.Contains("Harbour works", page.Body?.TextContent ?? "");
        Assert.Contains("Mara Quill", page.Body?.TextContent ?? "");
    }

    [Fact]
    public async Task Views_of_pages_served_from_the_cache_are_counted()
    {
        using var fresh = new BroadsheetApp();
        var article = await fresh.CreateArticleAsync((await fresh.CreateSectionAsync()).Str("slug"));
        var responses = new List<HttpResponseMessage>();

        for (var reader = 1; reader <= 3; reader++)
        {
            var client = fresh.Anonymous();
            client.DefaultRequestHeaders.Add(BroadsheetApp.ClientIpHeader, $"198.51.100.{reader}");
            client.DefaultRequestHeaders.Add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
            responses.Add(await client.GetAsync(BroadsheetApp.PathOf(article)));
        }
        await fresh.FlushViewsAsync();
        var popular = await BroadsheetApp.ExpectJsonAsync(await fresh.Anonymous().GetAsync("/api/v1/popular"), 200);

        Assert.Equal([false, true, true], responses.Select(r => r.Headers.Age is not null));
        Assert.Equal(3, popular.GetProperty("items")[0].GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task Pages_expire_after_the_maximum_age_so_most_popular_stays_current()
    {
        using var fresh = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:PageCache:MaxAgeSeconds"] = "1" });
        var section = (await fresh.CreateSectionAsync()).Str("slug");
        var reading = BroadsheetApp.PathOf(await fresh.CreateArticleAsync(section));
        var popular = await fresh.CreateArticleAsync(section);
        await fresh.Anonymous().GetAsync(reading);
        var before = await fresh.Anonymous().GetAsync(reading);
        var client = fresh.Anonymous();
        client.DefaultRequestHeaders.Add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
        await client.GetAsync(BroadsheetApp.PathOf(popular));
        await fresh.FlushViewsAsync();

        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        var after = await fresh.Anonymous().GetAsync(reading);
        var page = await Parser.ParseDocumentAsync(await after.Content.ReadAsStringAsync());

        Assert.NotNull(before.Headers.Age);
        Assert.Null(after.Headers.Age);
        Assert.Contains(popular.Str("title"), page.Texts(".most-popular li a"));
    }

    [Fact]
    public async Task A_scheduled_article_refreshes_the_pages_it_appears_on_when_its_time_comes()
    {
        var section = await app.CreateSectionAsync();
        var scheduled = await app.CreateArticleAsync(section.Str("slug"), new { status = "scheduled", publishedAt = app.Clock.GetUtcNow().AddHours(1) });
        var sectionPath = BroadsheetApp.PathOf(section);
        await WarmAsync(sectionPath);

        app.Clock.Advance(TimeSpan.FromHours(1));
        var until = DateTime.UtcNow.AddSeconds(15);
        var shown = false;
        while (!shown && DateTime.UtcNow < until)
        {
            // The job wakes on the site's clock; the cached page itself would stay for a minute of real time.
            app.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(100);
            shown = (await ReadAsync(sectionPath)).Page.Body!.TextContent.Contains(scheduled.Str("title"), StringComparison.Ordinal);
        }

        Assert.True(shown, "the section page should show the article within seconds of its time");
    }
}
