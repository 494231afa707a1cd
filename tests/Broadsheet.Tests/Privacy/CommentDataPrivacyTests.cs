using System.Net;
using System.Net.Http.Json;
using Broadsheet.Cli;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Privacy;

public sealed class CommentDataPrivacyTests
{
    private const string ReaderIp = "198.51.100.23";

    private static async Task<(BroadsheetApp App, int ArticleId, int CommentId)> CommentFromKnownIpAsync(string email)
    {
        var app = new BroadsheetApp();
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/articles/{article.Id()}/comments")
        {
            Content = JsonContent.Create(new { comment = "My view on the harbour.", name = "Rita Holm", email, website = "https://rita.example" }),
        };
        request.Headers.Add(BroadsheetApp.ClientIpHeader, ReaderIp);
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 TestBrowser/1.0");
        var response = await app.Anonymous().SendAsync(request);
        var comment = await BroadsheetApp.ExpectJsonAsync(response, 201);
        return (app, article.Id(), comment.Id());
    }

    private static async Task<Comment> StoredAsync(BroadsheetApp app, int id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().Comments.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task The_ip_address_is_stored_only_as_a_keyed_hash()
    {
        var (app, _, id) = await CommentFromKnownIpAsync("rita@example.org");
        using var _ = app;

        var stored = await StoredAsync(app, id);

        Assert.Matches("^[0-9a-f]{32}$", stored.IpHash);
        Assert.Equal("Mozilla/5.0 TestBrowser/1.0", stored.UserAgent);
        Assert.False(await TestDatabase.ContainsTextAsync(app.DataDirectory, ReaderIp));
    }

    [Fact]
    public async Task The_ip_hash_and_user_agent_are_erased_after_30_days()
    {
        var (app, _, id) = await CommentFromKnownIpAsync("rita@example.org");
        using var _ = app;
        var retention = app.Services.GetRequiredService<CommentRetention>();

        var early = await retention.RunOnceAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(31));
        // The hourly job wakes on the clock; give it a bounded moment to run.
        var stored = await StoredAsync(app, id);
        for (var wait = 0; stored.IpHash is not null && wait < 50; wait++)
        {
            await Task.Delay(100);
            stored = await StoredAsync(app, id);
        }

        Assert.Equal(0, early);
        Assert.Null(stored.IpHash);
        Assert.Null(stored.UserAgent);
        Assert.Equal("Rita Holm", stored.Name);
    }

    [Fact]
    public async Task An_admin_can_export_and_erase_a_commenters_data_through_the_api()
    {
        var (app, articleId, id) = await CommentFromKnownIpAsync("Rita@Example.org");
        using var _ = app;

        var export = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync("/api/v1/privacy/comments?email=rita@example.org"), 200);
        var anonymous = await app.Anonymous().GetAsync("/api/v1/privacy/comments?email=rita@example.org");
        var erased = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/privacy/comments/erase", new { email = "rita@example.org" }), 200);
        var after = await StoredAsync(app, id);
        var missing = await app.Editor().PostAsJsonAsync("/api/v1/privacy/comments/erase", new { });

        var exported = export.GetProperty("comments")[0];
        Assert.Equal(id, exported.Id());
        Assert.Equal(articleId, exported.GetProperty("articleId").GetInt32());
        Assert.Equal("https://rita.example", exported.Str("website"));
        Assert.Equal("Mozilla/5.0 TestBrowser/1.0", exported.Str("userAgent"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(1, erased.GetProperty("erased").GetInt32());
        Assert.Equal(CommentPrivacy.AnonymousName, after.Name);
        Assert.Equal("", after.Email);
        Assert.Null(after.Website);
        Assert.Null(after.IpHash);
        Assert.Equal("My view on the harbour.", after.Body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
    }

    [Fact]
    public async Task The_spam_filters_lessons_from_a_commenters_comments_are_in_the_export_and_erasing_takes_the_name_from_them()
    {
        var (app, _, id) = await CommentFromKnownIpAsync("rita@example.org");
        using var _ = app;
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsync($"/api/v1/comments/{id}/spam", null), 200);

        var export = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync("/api/v1/privacy/comments?email=rita@example.org"), 200);
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/privacy/comments/erase", new { email = "rita@example.org" }), 200);
        using var scope = app.Services.CreateScope();
        var lesson = await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().SpamLessons.AsNoTracking().SingleAsync();

        var exported = Assert.Single(export.GetProperty("spamFilterLessons").EnumerateArray());
        Assert.Equal(id, exported.GetProperty("commentId").GetInt32());
        Assert.True(exported.GetProperty("spam").GetBoolean());
        Assert.Equal("Rita Holm", exported.Str("name"));
        Assert.Equal("My view on the harbour.", exported.Str("text"));
        Assert.Equal("", lesson.Name);
    }

    [Fact]
    public async Task The_cli_exports_and_erases_a_commenters_data()
    {
        var (app, _, id) = await CommentFromKnownIpAsync("cli@example.org");
        using var _ = app;
        var settings = TestDatabase.Settings(app.DataDirectory);
        using var exportOut = new StringWriter();
        using var eraseOut = new StringWriter();

        var exportExit = await BroadsheetCli.RunAsync(["comments", "export", "--email", "cli@example.org"], exportOut, TextWriter.Null, settings);
        var eraseExit = await BroadsheetCli.RunAsync(["comments", "erase", "--email", "cli@example.org"], eraseOut, TextWriter.Null, settings);
        var noEmail = await BroadsheetCli.RunAsync(["comments", "erase"], TextWriter.Null, TextWriter.Null, settings);

        Assert.Equal(0, exportExit);
        Assert.Contains("\"comment\": \"My view on the harbour.\"", exportOut.ToString());
        Assert.Contains("\"name\": \"Rita Holm\"", exportOut.ToString());
        Assert.Equal(0, eraseExit);
        Assert.Equal("Anonymised 1 comment by cli@example.org.", eraseOut.ToString().Trim());
        Assert.Equal(CommentPrivacy.AnonymousName, (await StoredAsync(app, id)).Name);
        Assert.Equal(2, noEmail);
    }

    [Fact]
    public async Task The_privacy_page_says_what_is_stored_for_how_long_and_what_leaves_the_server()
    {
        using var app = new BroadsheetApp();

        var page = await HtmlPage.GetAsync(app.Anonymous(), "/privacy/");
        var text = page.QuerySelector("main").Text();

        Assert.Equal("Privacy", page.QuerySelector("h1").Text());
        foreach (var stored in new[] { "name", "email address", "website", "keyed hash of your IP address", "user agent", "time" })
        {
            Assert.Contains(stored, text);
        }
        Assert.Contains("erased automatically 30 days after the comment", text);
        Assert.Contains("comment data does not leave the server", text);
        Assert.Contains("anonymised", text);
    }

    [Fact]
    public async Task Avatars_are_drawn_here_from_a_keyed_hash()
    {
        using var app = new BroadsheetApp();
        var key = new string('a', 32);

        var response = await app.Anonymous().GetAsync($"/avatars/{key}.svg");
        var notAKey = await app.Anonymous().GetAsync("/avatars/someone@example.org.svg/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, notAKey.StatusCode);
    }

    [Fact]
    public async Task Exporting_and_erasing_need_an_admin_token_not_an_editors()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        using var output = new StringWriter();
        await BroadsheetCli.RunAsync(["token", "create", "--name", "desk", "--role", "editor"], output, TextWriter.Null,
            TestDatabase.Settings(directory));
        using (var app = BroadsheetApp.At(directory))
        {
            var editor = app.Anonymous();
            editor.DefaultRequestHeaders.Authorization = new("Bearer", output.ToString().Trim());

            var export = await editor.GetAsync("/api/v1/privacy/comments?email=someone@example.org");
            var erase = await editor.PostAsJsonAsync("/api/v1/privacy/comments/erase", new { email = "someone@example.org" });

            Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
        }
        BroadsheetApp.DeleteDataDirectory(directory);
    }
}
