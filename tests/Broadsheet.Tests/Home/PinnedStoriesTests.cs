using System.Net;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Home;

/// <summary>
/// An editor pins a story to the front page (WordPress's "sticky"): it leads above newer ones until it is unpinned,
/// in the editor or through the API, and WordPress clients see it as sticky.
/// </summary>
public sealed class PinnedStoriesTests : IDisposable
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:SeedDemoContent"] = "false" });

    public void Dispose() => _app.Dispose();

    private async Task<string?> LeadAsync() => (await HtmlPage.GetAsync(_app.Anonymous(), "/")).QuerySelector(".lead-story h2")?.TextContent.Trim();

    [Fact]
    public async Task A_pinned_story_leads_the_front_page_above_newer_ones_until_an_editor_unticks_it()
    {
        var section = (await _app.CreateSectionAsync("Harbour")).Str("slug");
        var pinned = await _app.CreateArticleAsync(section, new { title = "Summer ferry timetable", pinned = true, publishedAt = "2024-07-10T08:00:00Z" });
        var newer = await _app.CreateArticleAsync(section, new { title = "Quay lights repaired" });
        var editor = await _app.MemberAsync(UserRole.Editor);

        var leadWhilePinned = await LeadAsync();
        var sticky = await _app.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>("/wp-json/wp/v2/posts?sticky=true");
        var notSticky = await _app.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>("/wp-json/wp/v2/posts?sticky=false");
        var editorPage = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles/{pinned.Id()}");
        using var unticked = await Newsroom.SubmitEditorAsync(editor.Admin, $"/admin/articles/{pinned.Id()}", "save", new Dictionary<string, string> { ["Form.Pinned"] = "false" });
        var leadAfter = await LeadAsync();
        var resource = await editor.Api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/articles/{pinned.Id()}");

        Assert.True(pinned.GetProperty("pinned").GetBoolean());
        Assert.False(newer.GetProperty("pinned").GetBoolean());
        Assert.Equal("Summer ferry timetable", leadWhilePinned);
        Assert.Equal([pinned.Id()], sticky.EnumerateArray().Select(p => p.Id()));
        Assert.True(sticky[0].GetProperty("sticky").GetBoolean());
        Assert.Equal([newer.Id()], notSticky.EnumerateArray().Select(p => p.Id()));
        Assert.True(editorPage.QuerySelector("#pinned")!.HasAttribute("checked"));
        Assert.Equal(HttpStatusCode.Redirect, unticked.StatusCode);
        Assert.Equal("Quay lights repaired", leadAfter);
        Assert.False(resource.GetProperty("pinned").GetBoolean());
    }

    [Fact]
    public async Task A_pinned_story_that_is_not_public_does_not_lead_and_the_newest_pin_leads_of_two()
    {
        var section = (await _app.CreateSectionAsync("Harbour")).Str("slug");
        await _app.CreateArticleAsync(section, new { title = "Older pinned story", pinned = true, publishedAt = "2024-07-01T08:00:00Z" });
        await _app.CreateArticleAsync(section, new { title = "Newer pinned story", pinned = true, publishedAt = "2024-07-05T08:00:00Z" });
        await _app.CreateArticleAsync(section, new { title = "Pinned draft", pinned = true, status = "draft" });
        await _app.CreateArticleAsync(section, new { title = "Pinned but scheduled", pinned = true, status = "scheduled", publishedAt = "2024-08-01T08:00:00Z" });
        await _app.CreateArticleAsync(section, new { title = "Latest unpinned story" });

        var page = await HtmlPage.GetAsync(_app.Anonymous(), "/");

        Assert.Equal("Newer pinned story", page.QuerySelector(".lead-story h2")?.TextContent.Trim());
        var shown = page.Texts("main h2, main h3");
        Assert.Contains("Older pinned story", shown);
        Assert.Contains("Latest unpinned story", shown);
        Assert.DoesNotContain("Pinned draft", shown);
        Assert.DoesNotContain("Pinned but scheduled", shown);
    }
}
