using System.Net;
using System.Net.Http.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Sections;

public sealed class SectionsTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task A_nested_section_answers_with_its_path_parent_and_url()
    {
        var parent = await app.CreateSectionAsync(BroadsheetApp.Unique("Europe"));

        var child = await app.CreateSectionAsync("Baltic States", parent: parent.Str("slug"));

        Assert.Equal("baltic-states", child.Str("slug")[..13]);
        Assert.Equal($"{parent.Str("slug")}/{child.Str("slug")}", child.Str("path"));
        Assert.Equal(parent.Str("slug"), child.Str("parent"));
        Assert.Equal($"http://localhost/{child.Str("path")}/", child.Str("url"));
    }

    [Fact]
    public async Task Bad_section_input_answers_422()
    {
        var editor = app.Editor();

        var noName = await editor.PostAsJsonAsync("/api/v1/sections", new { name = "" });
        var noParent = await editor.PostAsJsonAsync("/api/v1/sections", new { name = "Orphans", parent = "nowhere" });
        var reserved = await editor.PostAsJsonAsync("/api/v1/sections", new { name = "Admin" });

        Assert.True((await BroadsheetApp.ExpectJsonAsync(noName, 422)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.True((await BroadsheetApp.ExpectJsonAsync(noParent, 422)).GetProperty("errors").TryGetProperty("parent", out _));
        Assert.True((await BroadsheetApp.ExpectJsonAsync(reserved, 422)).GetProperty("errors").TryGetProperty("slug", out _));
    }

    [Fact]
    public async Task A_section_page_includes_its_subsections_articles()
    {
        var parent = await app.CreateSectionAsync();
        var child = await app.CreateSectionAsync(parent: parent.Str("slug"));
        var inParent = await app.CreateArticleAsync(parent.Str("slug"));
        var inChild = await app.CreateArticleAsync(child.Str("slug"));

        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(parent));

        var titles = page.Texts(".article-list h3");
        Assert.Contains(inParent.Str("title"), titles);
        Assert.Contains(inChild.Str("title"), titles);
        Assert.Equal(parent.Str("name"), page.QuerySelector("h1").Text());
        Assert.Equal([child.Str("name")], page.Texts(".subsections a"));
    }

    [Fact]
    public async Task Section_pages_page_by_keyset_with_no_article_lost_or_repeated()
    {
        var section = await app.CreateSectionAsync();
        var created = new List<string>();
        for (var i = 0; i < 45; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            created.Add((await app.CreateArticleAsync(section.Str("slug"), new { title = $"Bulletin number {i:D2} " + Guid.NewGuid().ToString("N")[..4] })).Str("title"));
        }

        var seen = new List<string>();
        string? next = BroadsheetApp.PathOf(section);
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            var page = await HtmlPage.GetAsync(app.Anonymous(), next);
            seen.AddRange(page.Texts(".article-list h3"));
            next = page.QuerySelector("a[rel=next]")?.GetAttribute("href") is { } href ? BroadsheetApp.PathOf(section) + href : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task A_section_with_articles_cannot_be_deleted_but_an_empty_one_can()
    {
        var full = await app.CreateSectionAsync();
        await app.CreateArticleAsync(full.Str("slug"));
        var empty = await app.CreateSectionAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await app.Editor().DeleteAsync($"/api/v1/sections/{full.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Editor().DeleteAsync($"/api/v1/sections/{empty.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(BroadsheetApp.PathOf(empty))).StatusCode);
    }

    [Fact]
    public async Task A_section_cannot_be_moved_under_itself()
    {
        var parent = await app.CreateSectionAsync();
        var child = await app.CreateSectionAsync(parent: parent.Str("slug"));

        var response = await app.Editor().PatchAsJsonAsync($"/api/v1/sections/{parent.Id()}", new { parent = child.Str("slug") });

        Assert.True((await BroadsheetApp.ExpectJsonAsync(response, 422)).GetProperty("errors").TryGetProperty("parent", out _));
    }
}
