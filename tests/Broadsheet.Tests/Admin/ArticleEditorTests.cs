using System.Net;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

/// <summary>Writing, publishing, previewing and revising articles in /admin, through the real forms and their antiforgery tokens.</summary>
public sealed class ArticleEditorTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private async Task<(Member Member, string Section, int Id)> NewArticleAsync(UserRole role, string intent, string body = "The council met on Tuesday.")
    {
        var member = await app.MemberAsync(role);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var response = await Newsroom.SubmitEditorAsync(member.Admin, "/admin/articles/new", intent, new Dictionary<string, string>
        {
            ["Form.Title"] = BroadsheetApp.Unique("Harbour quay to be rebuilt"),
            ["Form.Dek"] = "The council agreed the budget after a long night.",
            ["Form.Body"] = body,
            ["Form.Section"] = section,
            ["Form.Tags"] = "Harbour, Council",
            ["Form.Authors"] = "Ines Duarte",
            ["Form.MetaDescription"] = "The quay will be rebuilt by 2026, the council decided.",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = int.Parse(response.Headers.Location!.OriginalString.Split('/', '?')[3], System.Globalization.CultureInfo.InvariantCulture);
        return (member, section, id);
    }

    [Fact]
    public async Task An_editor_writes_an_article_publishes_it_and_readers_see_it_with_its_meta_description()
    {
        var (member, _, id) = await NewArticleAsync(UserRole.Editor, "publish", "The council met on Tuesday.\n\n> We will rebuild the quay, said the mayor.");

        var editor = await HtmlPage.GetAsync(member.Admin, $"/admin/articles/{id}?saved=publish");
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200);
        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(stored));

        Assert.Equal("Published.", editor.QuerySelector(".notice").Text());
        Assert.Equal("published", stored.Str("status"));
        Assert.Equal(["Council", "Harbour"], stored.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("We will rebuild the quay", page.QuerySelector(".article-body blockquote").Text());
        Assert.Equal("The quay will be rebuilt by 2026, the council decided.", page.QuerySelector("meta[name=description]")?.GetAttribute("content"));
    }

    [Fact]
    public async Task A_contributor_submits_for_review_and_a_crafted_publish_is_refused_with_the_reason()
    {
        var (member, _, id) = await NewArticleAsync(UserRole.Contributor, "review");

        var editor = await HtmlPage.GetAsync(member.Admin, $"/admin/articles/{id}");
        var crafted = await Newsroom.SubmitEditorAsync(member.Admin, $"/admin/articles/{id}", "publish", new Dictionary<string, string>());
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200);
        var list = await HtmlPage.GetAsync(member.Admin, "/admin/articles?status=review");

        Assert.Null(editor.QuerySelector("button[value=publish]"));
        Assert.Equal("in review", editor.QuerySelector(".article-state span").Text());
        Assert.Equal(HttpStatusCode.Forbidden, crafted.StatusCode);
        Assert.Contains("Contributors cannot publish", (await HtmlPage.ParseAsync(crafted)).QuerySelector(".form-error").Text());
        Assert.Equal("draft", stored.Str("status"));
        Assert.True(stored.GetProperty("inReview").GetBoolean());
        Assert.NotNull(list.QuerySelector($"#article-{id}"));
    }

    [Fact]
    public async Task An_admin_form_without_its_antiforgery_token_is_refused_with_400()
    {
        var member = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");

        var forged = await member.Admin.PostAsync("/admin/articles/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Title"] = "Forged", ["Form.Body"] = "Forged body", ["Form.Section"] = section, ["intent"] = "publish",
        }));
        var drafts = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles?status=any&section={section}"), 200);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, drafts.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Missing_fields_are_answered_next_to_them_and_nothing_is_stored()
    {
        var member = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");

        var response = await Newsroom.SubmitEditorAsync(member.Admin, "/admin/articles/new", "schedule", new Dictionary<string, string>
        {
            ["Form.Title"] = "", ["Form.Body"] = "Some words.", ["Form.Section"] = section, ["Form.PublishedAt"] = "2024-07-01T09:00",
        });
        var page = await HtmlPage.ParseAsync(response);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles?status=any&section={section}"), 200);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Choose a time in the future to schedule the article.", page.QuerySelector("#publishedAt + .field-error").Text());
        Assert.Equal("Some words.", page.QuerySelector("textarea#body")?.TextContent);
        Assert.Equal(0, stored.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_stale_save_shows_the_conflict_with_both_versions_and_overwrites_nothing()
    {
        var (first, _, id) = await NewArticleAsync(UserRole.Editor, "save", "Line one.\n\nLine two.");
        var second = await app.MemberAsync(UserRole.Editor, "Second Desk");
        var firstsPage = await HtmlPage.GetAsync(first.Admin, $"/admin/articles/{id}");
        var theirs = await Newsroom.SubmitEditorAsync(second.Admin, $"/admin/articles/{id}", "save", new Dictionary<string, string> { ["Form.Body"] = "Line one.\n\nLine two, as the second desk put it." });

        var fields = firstsPage.QuerySelectorAll("form#article-editor [name]")
            .Where(e => e.GetAttribute("name") != "intent")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.LocalName == "textarea" ? e.TextContent : e.LocalName == "select" ? e.QuerySelector("option[selected]")?.GetAttribute("value") ?? "" : e.GetAttribute("value") ?? "");
        fields["Form.Body"] = "Line one, as the first desk put it.\n\nLine two.";
        fields["intent"] = "save";
        var stale = await first.Admin.PostAsync($"/admin/articles/{id}", new FormUrlEncodedContent(fields));
        var conflict = await HtmlPage.ParseAsync(stale);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200);

        Assert.Equal(HttpStatusCode.Redirect, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Second Desk saved version 2", conflict.QuerySelector(".conflict [role=alert]").Text());
        Assert.Contains("Line two, as the second desk put it.", conflict.QuerySelector(".conflict table.diff").Text());
        Assert.Contains("Line one, as the first desk put it.", conflict.QuerySelector(".conflict table.diff").Text());
        Assert.Equal("Line one, as the first desk put it.\n\nLine two.", conflict.QuerySelector("textarea#body")?.TextContent);
        Assert.Equal("2", conflict.QuerySelector("input[name='Form.Version']")?.GetAttribute("value"));
        Assert.Equal("Line one.\n\nLine two, as the second desk put it.", stored.Str("body"));
    }

    [Fact]
    public async Task The_api_refuses_a_patch_made_from_an_older_version_with_412()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var article = await app.CreateArticleAsync(section);
        var get = await app.Editor().GetAsync($"/api/v1/articles/{article.Id()}");
        var etag = get.Headers.ETag!.ToString();
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { title = "First change" }), 200);

        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id()}") { Content = JsonContent.Create(new { title = "Based on the old one" }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var stale = await app.Editor().SendAsync(request);
        var current = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id()}") { Content = JsonContent.Create(new { title = "Based on the new one" }) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"v2\"");
        var fresh = await app.Editor().SendAsync(current);

        Assert.Equal("\"v1\"", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("\"v3\"", fresh.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Every_save_is_a_revision_that_can_be_compared_and_restored()
    {
        var (member, _, id) = await NewArticleAsync(UserRole.Editor, "save", "The first draft of the story.");
        await Newsroom.SubmitEditorAsync(member.Admin, $"/admin/articles/{id}", "save", new Dictionary<string, string> { ["Form.Body"] = "The second draft, rewritten." });

        var revisions = await HtmlPage.GetAsync(member.Admin, $"/admin/articles/{id}/revisions");
        var token = Newsroom.AntiforgeryToken(revisions);
        var restore = await member.Admin.PostAsync($"/admin/articles/{id}/revisions?handler=Restore", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["version"] = "1", ["basedOn"] = "2",
        }));
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200);
        var after = await HtmlPage.GetAsync(member.Admin, $"/admin/articles/{id}/revisions?version=3&against=2");

        Assert.Equal(2, revisions.QuerySelectorAll("table.revisions tbody tr").Length);
        Assert.Contains("The second draft, rewritten.", revisions.QuerySelector("table.diff .diff-changed, table.diff .diff-added")?.ParentElement.Text());
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal("The first draft of the story.", stored.Str("body"));
        Assert.Equal(3, stored.GetProperty("version").GetInt32());
        Assert.Equal(3, after.QuerySelectorAll("table.revisions tbody tr").Length);
        Assert.Contains("The first draft of the story.", after.QuerySelector("table.diff").Text());
    }

    [Fact]
    public async Task A_changed_slug_keeps_the_old_url_answering_with_301()
    {
        var (member, section, id) = await NewArticleAsync(UserRole.Editor, "publish");
        var before = BroadsheetApp.PathOf(await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200));

        await Newsroom.SubmitEditorAsync(member.Admin, $"/admin/articles/{id}", "save", new Dictionary<string, string> { ["Form.Slug"] = BroadsheetApp.Unique("quay-rebuilt") });
        var after = BroadsheetApp.PathOf(await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200));
        var old = await app.Anonymous().GetAsync(before);

        Assert.NotEqual(before, after);
        Assert.StartsWith($"/{section}/quay-rebuilt-", after);
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal(after, old.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_drafts_signed_preview_link_opens_for_a_colleague_without_signing_in_and_expires_after_a_week()
    {
        var (member, _, id) = await NewArticleAsync(UserRole.Contributor, "save", "Embargoed words about the quay.");
        var editor = await HtmlPage.GetAsync(member.Admin, $"/admin/articles/{id}");
        var link = editor.QuerySelector(".preview-link a")!.GetAttribute("href")!;
        var publicPath = BroadsheetApp.PathOf(await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{id}"), 200));

        var preview = await app.Anonymous().GetAsync(link);
        var previewPage = await HtmlPage.ParseAsync(preview);
        var forged = await app.Anonymous().GetAsync(link.Replace($"/preview/{id}/", $"/preview/{id + 1}/", StringComparison.Ordinal));
        var publicPage = await app.Anonymous().GetAsync(publicPath);
        app.Clock.Advance(TimeSpan.FromDays(8));
        var expired = await app.Anonymous().GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Embargoed words about the quay.", previewPage.QuerySelector(".article-body").Text());
        Assert.Equal("noindex, nofollow", previewPage.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        Assert.Contains("no-store", preview.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicPage.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
    }

    [Fact]
    public async Task The_live_preview_renders_the_body_with_the_public_pipeline_and_its_sanitiser()
    {
        var member = await app.MemberAsync(UserRole.Contributor);
        var page = await HtmlPage.GetAsync(member.Admin, "/admin/articles/new");

        var response = await member.Admin.PostAsync("/admin/articles/new?handler=Preview", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(page),
            ["Form.Body"] = "## The quay\n\n**Rebuilt**, said the mayor.<script>alert(1)</script>",
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong>Rebuilt</strong>", html);
        Assert.Contains("The quay</h2>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task The_article_list_filters_by_status_and_title_and_shows_each_member_what_they_may_see()
    {
        var (contributor, section, ownDraft) = await NewArticleAsync(UserRole.Contributor, "save");
        var colleaguesDraft = (await app.CreateArticleAsync(section, new { status = "draft", title = BroadsheetApp.Unique("Colleague's draft") })).Id();
        var published = (await app.CreateArticleAsync(section, new { title = BroadsheetApp.Unique("Quay opening day") })).Id();
        var editor = await app.MemberAsync(UserRole.Editor);

        var contributorsList = await HtmlPage.GetAsync(contributor.Admin, $"/admin/articles?section={section}");
        var editorsDrafts = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles?section={section}&status=draft");
        var byTitle = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles?section={section}&q=opening+day");

        Assert.NotNull(contributorsList.QuerySelector($"#article-{ownDraft}"));
        Assert.NotNull(contributorsList.QuerySelector($"#article-{published}"));
        Assert.Null(contributorsList.QuerySelector($"#article-{colleaguesDraft}"));
        Assert.Null(contributorsList.QuerySelector($"#article-{published} th a[href='/admin/articles/{published}']"));
        Assert.NotNull(editorsDrafts.QuerySelector($"#article-{colleaguesDraft}"));
        Assert.Null(editorsDrafts.QuerySelector($"#article-{published}"));
        Assert.Equal([published], byTitle.QuerySelectorAll("tbody tr").Select(r => int.Parse(r.Id!["article-".Length..], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_article_list_pages_with_a_cursor_through_every_article_once()
    {
        var member = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var made = new List<int>();
        for (var i = 0; i < 55; i++)
        {
            made.Add((await app.CreateArticleAsync(section, new { title = $"Briefing {i:D2}" })).Id());
        }

        foreach (var sort in new[] { "updated", "created", "title" })
        {
            var seen = new List<int>();
            var path = $"/admin/articles?section={section}&sort={sort}";
            for (var pages = 0; path is not null && pages < 5; pages++)
            {
                var page = await HtmlPage.GetAsync(member.Admin, path);
                seen.AddRange(page.QuerySelectorAll("tbody tr").Select(r => int.Parse(r.Id!["article-".Length..], System.Globalization.CultureInfo.InvariantCulture)));
                path = page.QuerySelector(".pager a[rel=next]")?.GetAttribute("href") is { } next ? "/admin/articles" + next : null;
            }
            Assert.Equal(made.Order(), seen.Order());
            if (sort == "title")
            {
                Assert.Equal(made, seen);
            }
        }
    }

    [Fact]
    public async Task An_author_is_refused_the_spam_queue_with_403()
    {
        var author = await app.MemberAsync(UserRole.Author);

        var response = await author.Admin.GetAsync("/admin/spam/");
        var denied = response.StatusCode == HttpStatusCode.Redirect ? await author.Admin.GetAsync(response.Headers.Location!) : response;

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("needs another role", (await HtmlPage.ParseAsync(denied)).QuerySelector("main").Text());
    }
}
