using System.Net;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

/// <summary>The editor's autosave on the server: kept per member and article, offered back, restored, dropped by a save.</summary>
public sealed class AutosaveTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static async Task<HttpResponseMessage> AutosaveAsync(HttpClient admin, int id, string body, int pageStatus = 200)
    {
        var page = await HtmlPage.GetAsync(admin, $"/admin/articles/{id}", pageStatus);
        var form = page.QuerySelector("form#article-editor")!;
        return await admin.PostAsync($"/admin/articles/{id}?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(page),
            ["Form.Title"] = form.QuerySelector("#title")!.GetAttribute("value")!,
            ["Form.Dek"] = form.QuerySelector("#dek")!.GetAttribute("value") ?? "",
            ["Form.Body"] = body,
            ["Form.Version"] = form.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!,
        }));
    }

    private async Task<(Member Author, int Id)> DraftAsync()
    {
        var author = await app.MemberAsync(UserRole.Author);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var draft = await BroadsheetApp.ExpectJsonAsync(await author.Api.PostAsJsonAsync("/api/v1/articles", new
        {
            title = BroadsheetApp.Unique("Tide tables"), body = "The first paragraph.", section,
        }), 201);
        return (author, draft.Id());
    }

    [Fact]
    public async Task Autosaved_text_is_offered_back_restored_into_the_form_and_dropped_once_saved()
    {
        var (author, id) = await DraftAsync();

        var kept = await AutosaveAsync(author.Admin, id, "The first paragraph.\n\nA second one, typed before the tab closed.");
        var offered = await HtmlPage.GetAsync(author.Admin, $"/admin/articles/{id}");
        var restored = await HtmlPage.GetAsync(author.Admin, $"/admin/articles/{id}?autosave=restore");
        var saved = await Newsroom.SubmitEditorAsync(author.Admin, $"/admin/articles/{id}?autosave=restore", "save", new Dictionary<string, string>());
        var afterSave = await HtmlPage.GetAsync(author.Admin, $"/admin/articles/{id}");
        var stored = await BroadsheetApp.ExpectJsonAsync(await author.Api.GetAsync($"/api/v1/articles/{id}"), 200);

        Assert.Equal(HttpStatusCode.NoContent, kept.StatusCode);
        Assert.Contains("autosaved at", offered.QuerySelector(".autosave-offer").Text());
        Assert.NotNull(offered.QuerySelector($".autosave-offer a[href='/admin/articles/{id}?autosave=restore']"));
        Assert.Contains("A second one, typed before the tab closed.", restored.QuerySelector("#body")!.TextContent);
        Assert.Contains("Restored the text autosaved at", restored.QuerySelector(".notice").Text());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("A second one", stored.Str("body"));
        Assert.Null(afterSave.QuerySelector(".autosave-offer"));
    }

    [Fact]
    public async Task An_autosave_is_its_members_own_a_contributor_cannot_keep_one_on_a_published_article_and_a_forged_one_is_refused()
    {
        var (author, id) = await DraftAsync();
        var editor = await app.MemberAsync(UserRole.Editor);
        var contributor = await app.MemberAsync(UserRole.Contributor);
        var published = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));

        await AutosaveAsync(author.Admin, id, "Only mine.");
        var editorsView = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles/{id}");
        var refused = await AutosaveAsync(contributor.Admin, published.Id(), "Not allowed.", pageStatus: 403);
        var forged = await author.Admin.PostAsync($"/admin/articles/{id}?handler=Autosave",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Body"] = "Forged.", ["Form.Title"] = "Forged" }));

        Assert.Null(editorsView.QuerySelector(".autosave-offer"));
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Restoring_an_autosave_over_a_colleagues_later_save_shows_the_conflict_and_overwrites_nothing()
    {
        var (author, id) = await DraftAsync();
        await AutosaveAsync(author.Admin, id, "My unsaved version.");
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{id}", new { body = "The editor's version." }), 200);

        var offered = await HtmlPage.GetAsync(author.Admin, $"/admin/articles/{id}");
        var saved = await Newsroom.SubmitEditorAsync(author.Admin, $"/admin/articles/{id}?autosave=restore", "save", new Dictionary<string, string>());
        var stored = await BroadsheetApp.ExpectJsonAsync(await author.Api.GetAsync($"/api/v1/articles/{id}"), 200);

        Assert.Contains("the article is at version 2 now", offered.QuerySelector(".autosave-offer").Text());
        Assert.Equal(HttpStatusCode.Conflict, saved.StatusCode);
        Assert.Equal("The editor's version.", stored.Str("body"));
    }
}
