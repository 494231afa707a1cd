using System.Net;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

public sealed class ListingArticlesThroughTheApiTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static async Task<IReadOnlyList<string>> TitlesAsync(HttpClient client, string query)
    {
        var page = await BroadsheetApp.ExpectJsonAsync(await client.GetAsync($"/api/v1/articles?{query}&limit=100"), 200);
        return [.. page.GetProperty("items").EnumerateArray().Select(a => a.Str("title"))];
    }

    [Fact]
    public async Task Filters_by_section_including_subsections_tag_author_and_status()
    {
        var parent = await app.CreateSectionAsync();
        var child = await app.CreateSectionAsync(parent: parent.Str("slug"));
        var tag = BroadsheetApp.Unique("Wildfires");
        var author = BroadsheetApp.Unique("Petra Lind");
        var tagged = await app.CreateArticleAsync(parent.Str("slug"), new { tags = new[] { tag } });
        var byAuthor = await app.CreateArticleAsync(child.Str("slug"), new { authors = new[] { author } });
        var draft = await app.CreateArticleAsync(child.Str("slug"), new { status = "draft" });
        var scheduled = await app.CreateArticleAsync(child.Str("slug"), new { status = "scheduled", publishedAt = app.Clock.GetUtcNow().AddDays(2) });
        var reader = app.Anonymous();

        Assert.Equal([byAuthor.Str("title"), tagged.Str("title")], await TitlesAsync(reader, $"section={parent.Str("slug")}"));
        Assert.Equal([tagged.Str("title")], await TitlesAsync(reader, $"tag={tag}"));
        Assert.Equal([byAuthor.Str("title")], await TitlesAsync(reader, $"author={Uri.EscapeDataString(author)}"));
        Assert.Equal([draft.Str("title")], await TitlesAsync(app.Editor(), $"section={child.Str("slug")}&status=draft"));
        Assert.Equal([scheduled.Str("title")], await TitlesAsync(app.Editor(), $"section={child.Str("slug")}&status=scheduled"));
        Assert.Equal(3, (await TitlesAsync(app.Editor(), $"section={child.Str("slug")}&status=any")).Count);
    }

    [Fact]
    public async Task Cursor_paging_walks_every_article_once()
    {
        var section = await app.CreateSectionAsync();
        var created = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await app.CreateArticleAsync(section.Str("slug"))).Id());
        }

        var seen = new List<int>();
        string? cursor = null;
        var requests = 0;
        do
        {
            var page = await BroadsheetApp.ExpectJsonAsync(
                await app.Anonymous().GetAsync($"/api/v1/articles?section={section.Str("slug")}&limit=3&cursor={cursor}"), 200);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.Id()));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.Str("next");
            requests++;
        }
        while (cursor is not null && requests < 10);

        Assert.Equal(3, requests);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task Bad_list_parameters_answer_422()
    {
        var reader = app.Anonymous();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await reader.GetAsync("/api/v1/articles?section=nowhere-at-all")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await reader.GetAsync("/api/v1/articles?cursor=%%%")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.Editor().GetAsync("/api/v1/articles?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await reader.GetAsync("/api/v1/popular?window=forever")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await reader.GetAsync("/api/v1/popular?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/v1/articles?limit=many")).StatusCode);
    }
}
