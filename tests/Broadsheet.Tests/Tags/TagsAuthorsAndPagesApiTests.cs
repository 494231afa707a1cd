using System.Net;
using System.Net.Http.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Tags;

public sealed class TagsAuthorsAndPagesApiTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task Tags_are_created_renamed_listed_and_deleted()
    {
        var name = BroadsheetApp.Unique("Drought");
        var created = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/tags", new { name }), 201);

        var renamed = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/tags/{created.Id()}", new { name = "Drought & water" }), 200);
        var duplicate = await app.Editor().PostAsJsonAsync("/api/v1/tags", new { name });
        var list = await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().GetAsync("/api/v1/tags?limit=100"), 200);
        var deleted = await app.Editor().DeleteAsync($"/api/v1/tags/{created.Id()}");

        Assert.Equal($"http://localhost/tag/{name.ToLowerInvariant()}/", created.Str("url"));
        Assert.Equal("Drought & water", renamed.Str("name"));
        Assert.Equal(created.Str("slug"), renamed.Str("slug"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), t => t.Id() == created.Id());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/tags/{created.Id()}")).StatusCode);
    }

    [Fact]
    public async Task An_author_has_a_bio_shown_on_the_author_page()
    {
        var name = BroadsheetApp.Unique("Hana Obi");
        var created = await BroadsheetApp.ExpectJsonAsync(
            await app.Editor().PostAsJsonAsync("/api/v1/authors", new { name, bio = "Covers the courts." }), 201);

        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(created));

        Assert.Equal(name, page.QuerySelector("h1").Text());
        Assert.Equal("Covers the courts.", page.QuerySelector(".bio").Text());
    }

    [Fact]
    public async Task Pages_reject_reserved_or_taken_slugs_and_missing_fields()
    {
        var editor = app.Editor();
        var slug = BroadsheetApp.Unique("ethics");
        await BroadsheetApp.ExpectJsonAsync(await editor.PostAsJsonAsync("/api/v1/pages", new { title = "Ethics", slug, body = "Our code." }), 201);

        var taken = await editor.PostAsJsonAsync("/api/v1/pages", new { title = "Ethics again", slug, body = "Again." });
        var reserved = await editor.PostAsJsonAsync("/api/v1/pages", new { title = "Search", slug = "search", body = "No." });
        var empty = await editor.PostAsJsonAsync("/api/v1/pages", new { title = "" });

        Assert.True((await BroadsheetApp.ExpectJsonAsync(taken, 422)).GetProperty("errors").TryGetProperty("slug", out _));
        Assert.True((await BroadsheetApp.ExpectJsonAsync(reserved, 422)).GetProperty("errors").TryGetProperty("slug", out _));
        var errors = (await BroadsheetApp.ExpectJsonAsync(empty, 422)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("body", out _));
    }
}
