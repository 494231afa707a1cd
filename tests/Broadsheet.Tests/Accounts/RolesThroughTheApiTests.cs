using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Accounts;

/// <summary>
/// WordPress's four roles on the API, each with a token of its own user: a contributor writes drafts and submits
/// them, an author publishes their own once an editor has approved them (Broadsheet:Workflow:AuthorsNeedApproval,
/// on by default; off, an author publishes at once, as in WordPress), an editor changes and approves anyone's and
/// moderates, an administrator also manages tokens.
/// </summary>
public sealed class RolesThroughTheApiTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    public static TheoryData<UserRole, string, int> Matrix()
    {
        var data = new TheoryData<UserRole, string, int>();
        void Row(string action, int contributor, int author, int editor, int administrator)
        {
            data.Add(UserRole.Contributor, action, contributor);
            data.Add(UserRole.Author, action, author);
            data.Add(UserRole.Editor, action, editor);
            data.Add(UserRole.Administrator, action, administrator);
        }
        Row("create a draft", 201, 201, 201, 201);
        Row("publish a new article", 403, 403, 201, 201);
        Row("schedule a new article", 403, 403, 201, 201);
        Row("edit their own draft", 200, 200, 200, 200);
        Row("submit their own draft for review", 200, 200, 200, 200);
        Row("approve their own draft", 403, 403, 200, 200);
        Row("publish their own draft", 403, 403, 200, 200);
        Row("publish their own draft once an editor approved it", 403, 200, 200, 200);
        Row("read a colleague's draft", 404, 404, 200, 200);
        Row("edit a colleague's article", 403, 403, 200, 200);
        Row("publish a colleague's draft", 403, 403, 200, 200);
        Row("delete a colleague's article", 403, 403, 204, 204);
        Row("delete their own draft", 204, 204, 204, 204);
        Row("moderate comments", 403, 403, 200, 200);
        Row("create a section", 403, 403, 201, 201);
        Row("list API tokens", 403, 403, 403, 200);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_may_do_what_its_wordpress_namesake_may(UserRole role, string action, int expected)
    {
        var member = await app.MemberAsync(role);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var colleague = await app.MemberAsync(UserRole.Editor);
        async Task<int> OwnDraftAsync() =>
            (await BroadsheetApp.ExpectJsonAsync(await member.Api.PostAsJsonAsync("/api/v1/articles", Draft(section)), 201)).Id();
        async Task<int> ApprovedDraftAsync()
        {
            var id = await OwnDraftAsync();
            await BroadsheetApp.ExpectJsonAsync(await colleague.Api.PatchAsJsonAsync($"/api/v1/articles/{id}", new { stage = "Approved" }), 200);
            return id;
        }
        async Task<int> ColleaguesDraftAsync() =>
            (await BroadsheetApp.ExpectJsonAsync(await colleague.Api.PostAsJsonAsync("/api/v1/articles", Draft(section)), 201)).Id();

        var response = action switch
        {
            "create a draft" => await member.Api.PostAsJsonAsync("/api/v1/articles", Draft(section)),
            "publish a new article" => await member.Api.PostAsJsonAsync("/api/v1/articles", Draft(section, status: "published")),
            "schedule a new article" => await member.Api.PostAsJsonAsync("/api/v1/articles",
                Draft(section, status: "scheduled", publishedAt: app.Clock.GetUtcNow().AddDays(1))),
            "edit their own draft" => await member.Api.PatchAsJsonAsync($"/api/v1/articles/{await OwnDraftAsync()}", new { title = "A sharper headline" }),
            "submit their own draft for review" => await member.Api.PatchAsJsonAsync($"/api/v1/articles/{await OwnDraftAsync()}", new { inReview = true }),
            "approve their own draft" => await member.Api.PatchAsJsonAsync($"/api/v1/articles/{await OwnDraftAsync()}", new { stage = "approved" }),
            "publish their own draft" => await member.Api.PatchAsJsonAsync($"/api/v1/articles/{await OwnDraftAsync()}", new { status = "published" }),
            "publish their own draft once an editor approved it" => await member.Api.PatchAsJsonAsync($"/api/v1/articles/{await ApprovedDraftAsync()}", new { status = "published" }),
            "read a colleague's draft" => await member.Api.GetAsync($"/api/v1/articles/{await ColleaguesDraftAsync()}"),
            "edit a colleague's article" => await member.Api.PatchAsJsonAsync($"/api/v1/articles/{(await app.CreateArticleAsync(section)).Id()}", new { title = "Mine now" }),
            "publish a colleague's draft" => await member.Api.PatchAsJsonAsync($"/api/v1/articles/{await ColleaguesDraftAsync()}", new { status = "published" }),
            "delete a colleague's article" => await member.Api.DeleteAsync($"/api/v1/articles/{(await app.CreateArticleAsync(section)).Id()}"),
            "delete their own draft" => await member.Api.DeleteAsync($"/api/v1/articles/{await OwnDraftAsync()}"),
            "moderate comments" => await member.Api.GetAsync("/api/v1/comments?status=pending"),
            "create a section" => await member.Api.PostAsJsonAsync("/api/v1/sections", new { name = BroadsheetApp.Unique("Desk") }),
            "list API tokens" => await member.Api.GetAsync("/api/v1/tokens"),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        Assert.True((int)response.StatusCode == expected,
            $"{role} may {(expected < 400 ? "" : "not ")}{action}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_contributor_is_told_why_they_cannot_publish_and_the_draft_stays_a_draft()
    {
        var contributor = await app.MemberAsync(UserRole.Contributor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var draft = await BroadsheetApp.ExpectJsonAsync(await contributor.Api.PostAsJsonAsync("/api/v1/articles", Draft(section)), 201);

        var refused = await BroadsheetApp.ExpectJsonAsync(
            await contributor.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published", title = "Sneaked out" }), 403);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{draft.Id()}"), 200);

        Assert.Contains("submit the article for review", refused.Str("title"));
        Assert.Equal("draft", stored.Str("status"));
        Assert.Equal(draft.Str("title"), stored.Str("title"));
    }

    [Fact]
    public async Task A_contributor_cannot_change_their_article_once_an_editor_has_published_it()
    {
        var contributor = await app.MemberAsync(UserRole.Contributor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var draft = await BroadsheetApp.ExpectJsonAsync(await contributor.Api.PostAsJsonAsync("/api/v1/articles", Draft(section)), 201);
        await BroadsheetApp.ExpectJsonAsync(await contributor.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { inReview = true }), 200);
        var published = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published" }), 200);

        var refused = await BroadsheetApp.ExpectJsonAsync(await contributor.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { title = "Second thoughts" }), 403);

        Assert.False(published.GetProperty("inReview").GetBoolean());
        Assert.Contains("once it is published", refused.Str("title"));
    }

    [Fact]
    public async Task An_author_and_a_contributor_list_their_own_drafts_and_nobody_elses()
    {
        var author = await app.MemberAsync(UserRole.Author);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var own = await BroadsheetApp.ExpectJsonAsync(await author.Api.PostAsJsonAsync("/api/v1/articles", Draft(section)), 201);
        var others = await app.CreateArticleAsync(section, new { status = "draft" });

        var drafts = await BroadsheetApp.ExpectJsonAsync(await author.Api.GetAsync($"/api/v1/articles?status=draft&section={section}"), 200);
        var ids = drafts.GetProperty("items").EnumerateArray().Select(a => a.Id()).ToList();

        Assert.Contains(own.Id(), ids);
        Assert.DoesNotContain(others.Id(), ids);
    }

    [Fact]
    public async Task A_token_carries_its_users_role_and_follows_it_when_the_role_changes()
    {
        var author = await app.MemberAsync(UserRole.Author);
        var section = (await app.CreateSectionAsync()).Str("slug");
        async Task<HttpResponseMessage> PublishApprovedAsync()
        {
            var draft = await BroadsheetApp.ExpectJsonAsync(await author.Api.PostAsJsonAsync("/api/v1/articles", Draft(section)), 201);
            await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { stage = "Approved" }), 200);
            return await author.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published" });
        }
        await BroadsheetApp.ExpectJsonAsync(await PublishApprovedAsync(), 200);

        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services))
        {
            var accounts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AccountEditing>(scope.ServiceProvider);
            await accounts.ChangeRoleAsync(author.Email, UserRole.Contributor, CancellationToken.None);
        }
        var after = await PublishApprovedAsync();

        Assert.Equal(403, (int)after.StatusCode);
    }

    private static Dictionary<string, object?> Draft(string section, string status = "draft", DateTimeOffset? publishedAt = null) => new()
    {
        ["title"] = BroadsheetApp.Unique("Council agrees the harbour budget"),
        ["body"] = "The council met on Tuesday and agreed the budget.",
        ["section"] = section,
        ["status"] = status,
        ["publishedAt"] = publishedAt,
    };
}
