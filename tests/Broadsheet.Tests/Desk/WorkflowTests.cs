using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Desk;

/// <summary>
/// The desk's workflow through the API: an article goes pitch → assigned → in progress → in review → approved →
/// published; the assignee may write it; only an editor approves; an author publishes only what was approved, and a
/// change after approval sends it back to review.
/// </summary>
public sealed class WorkflowTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static async Task<System.Text.Json.JsonElement> PatchAsync(HttpClient client, int id, object changes, int status = 200) =>
        await BroadsheetApp.ExpectJsonAsync(await client.PatchAsJsonAsync($"/api/v1/articles/{id}", changes), status);

    [Fact]
    public async Task A_pitch_is_assigned_written_reviewed_approved_and_published_by_its_reporter()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var editor = await app.MemberAsync(UserRole.Editor);
        var reporter = await app.MemberAsync(UserRole.Author);
        var pitch = await BroadsheetApp.ExpectJsonAsync(await editor.Api.PostAsJsonAsync("/api/v1/articles", new
        {
            title = BroadsheetApp.Unique("Ferry timetable cut"), body = "Pitch: what the cut means for commuters.", section,
        }), 201);
        var id = pitch.Id();

        var assigned = await PatchAsync(editor.Api, id, new { stage = "assigned", assigneeId = reporter.UserId, editorId = editor.UserId });
        var writing = await PatchAsync(reporter.Api, id, new { stage = "In progress", body = "The ferry company will cut two sailings a day." });
        var submitted = await PatchAsync(reporter.Api, id, new { inReview = true });
        var tooEarly = await BroadsheetApp.ExpectJsonAsync(await reporter.Api.PatchAsJsonAsync($"/api/v1/articles/{id}", new { status = "published" }), 403);
        var selfApproved = await BroadsheetApp.ExpectJsonAsync(await reporter.Api.PatchAsJsonAsync($"/api/v1/articles/{id}", new { stage = "Approved" }), 403);
        var approved = await PatchAsync(editor.Api, id, new { stage = "Approved" });
        var published = await PatchAsync(reporter.Api, id, new { status = "published" });

        Assert.Equal("Pitch", pitch.Str("stage"));
        Assert.Equal(("Assigned", reporter.UserId, editor.UserId), (assigned.Str("stage"), assigned.GetProperty("assigneeId").GetInt32(), assigned.GetProperty("editorId").GetInt32()));
        Assert.Equal("In progress", writing.Str("stage"));
        Assert.Equal(("In review", true), (submitted.Str("stage"), submitted.GetProperty("inReview").GetBoolean()));
        Assert.Contains("An editor has to approve this article before it is published; it is at “In review”", tooEarly.Str("title"));
        Assert.Contains("Only an editor or administrator can approve", selfApproved.Str("title"));
        Assert.Equal(("Approved", false), (approved.Str("stage"), approved.GetProperty("inReview").GetBoolean()));
        Assert.Equal("published", published.Str("status"));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(BroadsheetApp.PathOf(published))).StatusCode);
    }

    [Fact]
    public async Task An_approved_draft_its_writer_changes_goes_back_to_review_and_cannot_be_published_until_approved_again()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var author = await app.MemberAsync(UserRole.Author);
        var draft = await BroadsheetApp.ExpectJsonAsync(await author.Api.PostAsJsonAsync("/api/v1/articles", new
        {
            title = BroadsheetApp.Unique("School roof repaired"), body = "The roof was repaired over the summer.", section,
        }), 201);
        await PatchAsync(app.Editor(), draft.Id(), new { stage = "Approved" });

        var changed = await PatchAsync(author.Api, draft.Id(), new { body = "The roof was repaired over the summer, at twice the cost." });
        var refused = await author.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published" });
        var sameText = await PatchAsync(app.Editor(), draft.Id(), new { stage = "Approved" });
        var untouched = await PatchAsync(author.Api, draft.Id(), new { tags = new[] { "Schools" } });

        Assert.Equal("In review", changed.Str("stage"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Approved", sameText.Str("stage"));
        Assert.Equal("Approved", untouched.Str("stage"));
    }

    [Fact]
    public async Task An_unknown_stage_assignee_or_desk_editor_is_refused_with_the_field_and_nothing_is_changed()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var author = await app.MemberAsync(UserRole.Author);
        var article = await app.CreateArticleAsync(section, new { status = "draft" });

        var response = await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new
        {
            title = "Changed", stage = "Spiked", assigneeId = 987_654, editorId = author.UserId, embargoUntil = "next tuesday",
        });
        var problem = await BroadsheetApp.ExpectJsonAsync(response, 422);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{article.Id()}"), 200);

        var errors = problem.GetProperty("errors");
        Assert.Equal("Stage must be one of: Pitch, Assigned, In progress, In review, Approved.", errors.GetProperty("stage")[0].GetString());
        Assert.Equal("There is no member with the id 987654.", errors.GetProperty("assigneeId")[0].GetString());
        Assert.Equal("The desk editor must be a member who is an editor or administrator.", errors.GetProperty("editorId")[0].GetString());
        Assert.StartsWith("The embargo must be a date and time", errors.GetProperty("embargoUntil")[0].GetString());
        Assert.Equal(article.Str("title"), stored.Str("title"));
        Assert.Equal("Pitch", stored.Str("stage"));
    }

    [Fact]
    public async Task The_assignee_may_write_a_colleagues_article_and_sees_it_in_their_list()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var contributor = await app.MemberAsync(UserRole.Contributor);
        var pitch = await app.CreateArticleAsync(section, new { status = "draft" });
        var before = await contributor.Api.PatchAsJsonAsync($"/api/v1/articles/{pitch.Id()}", new { body = "Mine now?" });

        await PatchAsync(app.Editor(), pitch.Id(), new { assigneeId = contributor.UserId });
        var written = await PatchAsync(contributor.Api, pitch.Id(), new { body = "The first draft, by the reporter." });
        var listed = await BroadsheetApp.ExpectJsonAsync(await contributor.Api.GetAsync($"/api/v1/articles?status=draft&section={section}"), 200);
        var publishing = await contributor.Api.PatchAsJsonAsync($"/api/v1/articles/{pitch.Id()}", new { status = "published" });

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal("The first draft, by the reporter.", written.Str("body"));
        Assert.Contains(pitch.Id(), listed.GetProperty("items").EnumerateArray().Select(a => a.Id()));
        Assert.Equal(HttpStatusCode.Forbidden, publishing.StatusCode);
    }

    [Fact]
    public async Task Readers_do_not_see_where_an_article_is_on_the_desk()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var author = await app.MemberAsync(UserRole.Author);
        var article = await app.CreateArticleAsync(section, new { assigneeId = author.UserId });

        var asReader = await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().GetAsync($"/api/v1/articles/{article.Id()}"), 200);

        Assert.Equal(author.UserId, article.GetProperty("assigneeId").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, asReader.GetProperty("assigneeId").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, asReader.GetProperty("stage").ValueKind);
    }
}

/// <summary>A newsroom names and orders its own stages, and may let authors publish without approval, as in WordPress.</summary>
public sealed class OwnStagesTests : IDisposable
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Workflow:Stages:0"] = "Idea",
        ["Broadsheet:Workflow:Stages:1"] = "Writing",
        ["Broadsheet:Workflow:Stages:2"] = "Subbing",
        ["Broadsheet:Workflow:Stages:3"] = "Signed off",
        ["Broadsheet:Workflow:AuthorsNeedApproval"] = "false",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_settings_stages_are_the_only_ones_and_authors_publish_at_once_when_approval_is_off()
    {
        var section = (await _app.CreateSectionAsync()).Str("slug");
        var author = await _app.MemberAsync(UserRole.Author);
        var draft = await BroadsheetApp.ExpectJsonAsync(await author.Api.PostAsJsonAsync("/api/v1/articles", new { title = "Night bus returns", body = "From Monday.", section }), 201);

        var unknown = await BroadsheetApp.ExpectJsonAsync(await author.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { stage = "In review" }), 422);
        var review = await BroadsheetApp.ExpectJsonAsync(await author.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { inReview = true }), 200);
        var approving = await author.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { stage = "signed off" });
        var published = await BroadsheetApp.ExpectJsonAsync(await author.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published" }), 200);
        var board = await HtmlPage.GetAsync(author.Admin, "/admin/desk");

        Assert.Equal("Idea", draft.Str("stage"));
        Assert.Equal("Stage must be one of: Idea, Writing, Subbing, Signed off.", unknown.GetProperty("errors").GetProperty("stage")[0].GetString());
        Assert.Equal("Subbing", review.Str("stage"));
        Assert.Equal(HttpStatusCode.Forbidden, approving.StatusCode);
        Assert.Equal("published", published.Str("status"));
        Assert.Equal(["Idea", "Writing", "Subbing", "Signed off", "Scheduled", "Published"],
            board.QuerySelectorAll(".desk-column h2").Select(h => h.ChildNodes[0].TextContent.Trim()));
    }

    [Fact]
    public void Fewer_than_two_stages_or_two_of_the_same_name_stop_the_site_with_a_message()
    {
        var one = BroadsheetApp.SettingsProblems(new Dictionary<string, string?> { ["Broadsheet:Workflow:Stages:0"] = "Only" });
        var twice = BroadsheetApp.SettingsProblems(new Dictionary<string, string?> { ["Broadsheet:Workflow:Stages:0"] = "Draft", ["Broadsheet:Workflow:Stages:1"] = "draft" });

        Assert.Contains(one, p => p.Contains("at least two stages", StringComparison.Ordinal));
        Assert.Contains(twice, p => p.Contains("different names", StringComparison.Ordinal));
    }
}

/// <summary>An embargo: before it, nothing of the article is public anywhere; publishing earlier is refused with the reason.</summary>
public sealed class EmbargoTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task An_embargoed_article_cannot_be_published_early_and_appears_everywhere_only_when_the_embargo_ends()
    {
        var sectionResource = await app.CreateSectionAsync();
        var section = sectionResource.Str("slug");
        var title = BroadsheetApp.Unique("Budget figures under embargo");
        var tag = BroadsheetApp.Unique("Budget");
        var byline = BroadsheetApp.Unique("Mira Okafor");
        var lifts = app.Clock.GetUtcNow().AddHours(3);
        var draft = await app.CreateArticleAsync(section, new
        {
            status = "draft", title, body = "The budget adds four ferries.", tags = new[] { tag }, authors = new[] { byline },
            embargoUntil = lifts.ToString("O", CultureInfo.InvariantCulture),
        });
        var id = draft.Id();

        var now = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{id}", new { status = "published" }), 422);
        var early = await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{id}", new { status = "scheduled", publishedAt = lifts.AddMinutes(-1) });
        var scheduled = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{id}", new { status = "scheduled", publishedAt = lifts }), 200);

        Assert.Contains("The article is embargoed until", now.GetProperty("errors").GetProperty("publishedAt")[0].GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Equal("scheduled", scheduled.Str("status"));
        var path = BroadsheetApp.PathOf(scheduled);
        await AssertNowhereAsync(path, title, id, section, tag, byline);

        app.Clock.Advance(TimeSpan.FromHours(3));

        var reader = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(path)).StatusCode);
        foreach (var surface in Surfaces(section, tag, byline, title))
        {
            Assert.True((await reader.GetStringAsync(surface)).Contains(path, StringComparison.Ordinal), $"{surface} links to the article once the embargo has ended");
        }
    }

    [Fact]
    public async Task An_embargo_on_a_public_article_is_refused_and_one_written_around_the_rules_still_hides_it()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var title = BroadsheetApp.Unique("Harbour vote result");
        var tag = BroadsheetApp.Unique("Vote");
        var byline = BroadsheetApp.Unique("Jon Berg");
        var published = await app.CreateArticleAsync(section, new { title, tags = new[] { tag }, authors = new[] { byline } });
        var until = app.Clock.GetUtcNow().AddDays(1).ToString("O", CultureInfo.InvariantCulture);

        var refused = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{published.Id()}", new { embargoUntil = until }), 422);
        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services))
        {
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>(scope.ServiceProvider);
            var row = await db.Articles.FindAsync(published.Id());
            row!.EmbargoUntil = app.Clock.GetUtcNow().UtcDateTime.AddDays(1);
            await db.SaveChangesAsync();
        }

        Assert.Contains("already public", refused.GetProperty("errors").GetProperty("embargoUntil")[0].GetString());
        await AssertNowhereAsync(BroadsheetApp.PathOf(published), title, published.Id(), section, tag, byline);
    }

    private static string[] Surfaces(string section, string tag, string byline, string title) =>
    [
        "/", $"/{section}/", $"/tag/{Broadsheet.Infrastructure.Text.Slug.From(tag)}/", $"/author/{Broadsheet.Infrastructure.Text.Slug.From(byline)}/",
        $"/search?q={Uri.EscapeDataString(title)}", "/feed/", "/feed/atom/", $"/{section}/feed/", $"/api/v1/articles?section={section}",
    ];

    private async Task AssertNowhereAsync(string path, string title, int id, string section, string tag, string byline)
    {
        var reader = app.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        foreach (var surface in Surfaces(section, tag, byline, title))
        {
            var response = await reader.GetAsync(surface);
            var text = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            // The article's address, not its title: the search page repeats the words searched for.
            Assert.False(text.Contains(path, StringComparison.Ordinal), $"{surface} must not link to the embargoed article");
        }
        var (commentStatus, refusal) = await reader.PostCommentAsync(id, CommentForms.Comment());
        Assert.Equal((422, "There is no such article."), (commentStatus, refusal.GetProperty("errors").GetProperty("articleId")[0].GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{id}/comments")).StatusCode);
    }
}
