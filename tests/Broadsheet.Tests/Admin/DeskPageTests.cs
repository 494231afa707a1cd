using System.Net;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

/// <summary>The desk in the admin: the board by stage, and the editor's desk fields, approve button and guards.</summary>
public sealed class DeskPageTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private async Task<int> DraftAsync(HttpClient api, string section, object? desk = null)
    {
        var created = await BroadsheetApp.ExpectJsonAsync(await api.PostAsJsonAsync("/api/v1/articles", new
        {
            title = BroadsheetApp.Unique("Pier lights"), body = "The pier lights are back.", section,
        }), 201);
        if (desk is not null)
        {
            await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{created.Id()}", desk), 200);
        }
        return created.Id();
    }

    private static string ColumnOf(AngleSharp.Dom.IDocument board, int id) =>
        board.QuerySelector($"#card-{id}")?.Closest(".desk-column")?.QuerySelector("h2")?.ChildNodes[0].TextContent.Trim() ?? "(not on the board)";

    [Fact]
    public async Task The_board_shows_each_article_in_its_stages_column_with_its_people_and_an_author_sees_only_their_own()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var editor = await app.MemberAsync(UserRole.Editor, "Desk Editor Ann");
        var author = await app.MemberAsync(UserRole.Author, "Reporter Ben");
        var pitch = await DraftAsync(app.Editor(), section);
        var assigned = await DraftAsync(app.Editor(), section, new { stage = "Assigned", assigneeId = author.UserId, editorId = editor.UserId });
        var reviewing = await DraftAsync(author.Api, section, new { stage = "In review" });
        var scheduled = (await app.CreateArticleAsync(section, new { status = "scheduled", publishedAt = app.Clock.GetUtcNow().AddHours(5) })).Id();
        var published = (await app.CreateArticleAsync(section)).Id();

        var board = await HtmlPage.GetAsync(editor.Admin, "/admin/desk");
        var authorsBoard = await HtmlPage.GetAsync(author.Admin, "/admin/desk");
        var mine = await HtmlPage.GetAsync(editor.Admin, "/admin/desk?show=mine");

        Assert.Equal(["Pitch", "Assigned", "In progress", "In review", "Approved", "Scheduled", "Published"],
            board.QuerySelectorAll(".desk-column h2").Select(h => h.ChildNodes[0].TextContent.Trim()));
        Assert.Equal(["Pitch", "Assigned", "In review", "Scheduled", "Published"],
            new[] { pitch, assigned, reviewing, scheduled, published }.Select(id => ColumnOf(board, id)));
        var card = board.QuerySelector($"#card-{assigned}")!;
        Assert.Contains("Reporter Ben", card.Text());
        Assert.Contains("Desk Editor Ann", card.Text());
        Assert.NotNull(card.QuerySelector($"a[href='/admin/articles/{assigned}']"));
        Assert.Equal(["Assigned", "In review", "(not on the board)"], new[] { assigned, reviewing, pitch }.Select(id => ColumnOf(authorsBoard, id)));
        Assert.Equal(["Assigned", "(not on the board)"], new[] { assigned, pitch }.Select(id => ColumnOf(mine, id)));
    }

    [Fact]
    public async Task An_author_sees_approval_as_an_editors_to_give_and_an_editor_approves_with_one_button()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var author = await app.MemberAsync(UserRole.Author);
        var editor = await app.MemberAsync(UserRole.Editor);
        var id = await DraftAsync(author.Api, section);

        var authorsView = await HtmlPage.GetAsync(author.Admin, $"/admin/articles/{id}");
        var crafted = await Newsroom.SubmitEditorAsync(author.Admin, $"/admin/articles/{id}", "save", new Dictionary<string, string> { ["Form.Stage"] = "Approved" });
        var editorsView = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles/{id}");
        var approved = await Newsroom.SubmitEditorAsync(editor.Admin, $"/admin/articles/{id}", "approve", new Dictionary<string, string>());
        var afterApproval = await HtmlPage.GetAsync(author.Admin, $"/admin/articles/{id}?saved=save");
        var published = await Newsroom.SubmitEditorAsync(author.Admin, $"/admin/articles/{id}", "publish", new Dictionary<string, string>());
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200);

        Assert.NotNull(authorsView.QuerySelector("#stage option[value='Approved'][disabled]"));
        Assert.Null(authorsView.QuerySelector("button[value=publish]"));
        Assert.Null(authorsView.QuerySelector("button[value=approve]"));
        Assert.Contains("An editor approves this article before it can be published.", authorsView.QuerySelector("#article-editor")!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, crafted.StatusCode);
        Assert.Contains("Only an editor or administrator can approve", (await HtmlPage.ParseAsync(crafted)).QuerySelector(".form-error").Text());
        Assert.NotNull(editorsView.QuerySelector("button[value=approve]"));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.NotNull(afterApproval.QuerySelector("button[value=publish]"));
        Assert.Equal("Approved", afterApproval.QuerySelector("#stage option[selected]")?.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal("published", stored.Str("status"));
    }

    [Fact]
    public async Task Publishing_an_embargoed_article_in_the_editor_says_why_and_scheduling_it_for_the_embargo_works()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var editor = await app.MemberAsync(UserRole.Editor);
        var id = await DraftAsync(editor.Api, section);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("UTC");
        var lifts = app.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        var local = TimeZoneInfo.ConvertTimeFromUtc(lifts, zone).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await Newsroom.SubmitEditorAsync(editor.Admin, $"/admin/articles/{id}", "publish", new Dictionary<string, string>
        {
            ["Form.EmbargoUntil"] = local, ["Form.Title"] = "Kept title",
        });
        var refusedPage = await HtmlPage.ParseAsync(refused);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200);
        var scheduled = await Newsroom.SubmitEditorAsync(editor.Admin, $"/admin/articles/{id}", "schedule", new Dictionary<string, string>
        {
            ["Form.EmbargoUntil"] = local, ["Form.PublishedAt"] = local,
        });
        var after = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("embargoed until", refusedPage.QuerySelector("#publishedAt ~ .field-error").Text());
        Assert.Equal("Kept title", refusedPage.QuerySelector("#title")?.GetAttribute("value"));
        Assert.Equal(local, refusedPage.QuerySelector("#embargoUntil")?.GetAttribute("value"));
        Assert.Equal("draft", stored.Str("status"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stored.GetProperty("embargoUntil").ValueKind);
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal("scheduled", after.Str("status"));
        Assert.Equal(lifts.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture), after.Str("embargoUntil")[..16]);
    }
}
