using System.Net;
using System.Net.Http.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

public sealed class StableUrlsTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task A_changed_article_slug_answers_the_old_url_with_301()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));
        var oldPath = BroadsheetApp.PathOf(article);

        var renamed = await BroadsheetApp.ExpectJsonAsync(
            await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { slug = BroadsheetApp.Unique("new-slug") }), 200);
        var response = await app.Anonymous().GetAsync(oldPath);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(BroadsheetApp.PathOf(renamed), response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(BroadsheetApp.PathOf(renamed))).StatusCode);
    }

    [Fact]
    public async Task An_article_moved_to_another_section_keeps_its_old_url_alive()
    {
        var from = await app.CreateSectionAsync();
        var to = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(from.Str("slug"));

        var moved = await BroadsheetApp.ExpectJsonAsync(
            await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { section = to.Str("slug") }), 200);
        var response = await app.Anonymous().GetAsync(BroadsheetApp.PathOf(article));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(BroadsheetApp.PathOf(moved), response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_renamed_section_redirects_its_pages_and_the_articles_under_it()
    {
        var parent = await app.CreateSectionAsync();
        var child = await app.CreateSectionAsync(parent: parent.Str("slug"));
        var article = await app.CreateArticleAsync(child.Str("slug"));
        var oldSectionPath = BroadsheetApp.PathOf(parent);
        var oldArticlePath = BroadsheetApp.PathOf(article);
        var newSlug = BroadsheetApp.Unique("renamed");

        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/sections/{parent.Id()}", new { slug = newSlug }), 200);
        var sectionResponse = await app.Anonymous().GetAsync(oldSectionPath);
        var articleResponse = await app.Anonymous().GetAsync(oldArticlePath);
        var movedChild = await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().GetAsync($"/api/v1/sections/{child.Id()}"), 200);

        Assert.Equal(HttpStatusCode.MovedPermanently, sectionResponse.StatusCode);
        Assert.Equal($"/{newSlug}/", sectionResponse.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.MovedPermanently, articleResponse.StatusCode);
        Assert.Equal($"/{newSlug}/{child.Str("slug")}/{article.Str("slug")}/", articleResponse.Headers.Location?.OriginalString);
        Assert.Equal($"{newSlug}/{child.Str("slug")}", movedChild.Str("path"));
    }

    [Fact]
    public async Task A_path_without_its_trailing_slash_redirects_to_the_canonical_url()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));

        var response = await app.Anonymous().GetAsync(BroadsheetApp.PathOf(article).TrimEnd('/'));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(BroadsheetApp.PathOf(article), response.Headers.Location?.OriginalString);
    }
}
