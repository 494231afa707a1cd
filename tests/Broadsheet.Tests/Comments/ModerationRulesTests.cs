using System.Net.Http.Json;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Comments;

public sealed class ModerationRulesTests
{
    /// <summary>The rules on their own: the spam filter, which speaks before them, is off here (Spam/ tests it).</summary>
    private static BroadsheetApp App(Dictionary<string, string?>? settings = null) =>
        BroadsheetApp.With(new Dictionary<string, string?>(settings ?? []) { ["Broadsheet:Spam:Enabled"] = "false" });

    private static async Task<int> ArticleAsync(BroadsheetApp app, object? fields = null) =>
        (await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), fields)).Id();

    private static string[] Reasons(System.Text.Json.JsonElement comment) => [.. comment.GetProperty("reasons").Strings()];

    private static async Task<System.Text.Json.JsonElement> ModeratedAsync(BroadsheetApp app, int id) =>
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments/{id}"), 200);

    [Fact]
    public async Task A_first_time_commenter_is_held_and_approved_after_one_approved_comment()
    {
        using var app = App();
        var article = await ArticleAsync(app);
        var reader = app.Anonymous();

        var (status, first) = await reader.PostCommentAsync(article, CommentForms.Comment("regular@example.org"));
        await app.Editor().PostAsync($"/api/v1/comments/{first.Id()}/approve", null);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, second) = await reader.PostCommentAsync(article, CommentForms.Comment("regular@example.org", "Back again."));

        Assert.Equal(201, status);
        Assert.Equal("pending", first.Str("status"));
        Assert.Equal(["first comment from this commenter"], Reasons(await ModeratedAsync(app, first.Id())));
        Assert.Equal("approved", second.Str("status"));
        Assert.EndsWith($"#comment-{second.Id()}", second.Str("url"));
    }

    [Fact]
    public async Task Two_links_moderation_words_and_disallowed_words_hold_or_spam_with_reasons()
    {
        using var app = App(new()
        {
            ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
            ["Broadsheet:Comments:ModerationWords:0"] = "casino",
            ["Broadsheet:Comments:DisallowedWords:0"] = "viagra",
        });
        var article = await ArticleAsync(app);
        var reader = app.Anonymous();

        var (_, oneLink) = await reader.PostCommentAsync(article, CommentForms.Comment(comment: "See https://example.org for more."));
        var (_, twoLinks) = await reader.PostCommentAsync(article, CommentForms.Comment(comment: "See https://a.example and http://b.example"));
        var (_, word) = await reader.PostCommentAsync(article, CommentForms.Comment(comment: "Visit the CASINO tonight"));
        var (_, inName) = await reader.PostCommentAsync(article, new { comment = "Hello", name = "Casino King", email = "king@example.org" });
        var (_, spam) = await reader.PostCommentAsync(article, CommentForms.Comment(comment: "Cheap Viagra here"));

        Assert.Equal("approved", oneLink.Str("status"));
        Assert.Equal(["2 links"], Reasons(await ModeratedAsync(app, twoLinks.Id())));
        Assert.Equal(["matched moderation word \"casino\""], Reasons(await ModeratedAsync(app, word.Id())));
        Assert.Equal("pending", inName.Str("status"));
        Assert.Equal("spam", spam.Str("status"));
        Assert.Equal(["matched disallowed word \"viagra\""], Reasons(await ModeratedAsync(app, spam.Id())));
    }

    [Fact]
    public async Task A_duplicate_is_refused_with_409_and_wordpress_message()
    {
        using var app = App();
        var article = await ArticleAsync(app);
        var comment = CommentForms.Comment("same@example.org", "Exactly this.");

        await app.Anonymous().PostCommentAsync(article, comment);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var (status, problem) = await app.Anonymous().PostCommentAsync(article, comment);

        Assert.Equal(409, status);
        Assert.Equal("Duplicate comment detected; it looks as though you've already said that!", problem.Str("title"));
    }

    [Fact]
    public async Task Flood_control_refuses_a_second_comment_within_15_seconds_from_the_same_email_or_ip()
    {
        using var app = App();
        var article = await ArticleAsync(app);

        var first = await app.Anonymous().PostCommentAsync(article, CommentForms.Comment("quick@example.org", "One."));
        var sameEmail = await app.Anonymous().PostCommentAsync(article, CommentForms.Comment("quick@example.org", "Two."));
        app.Clock.Advance(TimeSpan.FromSeconds(16));
        var later = await app.Anonymous().PostCommentAsync(article, CommentForms.Comment("quick@example.org", "Three."));

        Assert.Equal(201, first.Status);
        Assert.Equal(429, sameEmail.Status);
        Assert.Equal(TooFast.FloodMessage, sameEmail.Body.Str("title"));
        Assert.Equal(201, later.Status);
    }

    [Fact]
    public async Task The_form_shows_the_flood_message_too()
    {
        using var app = App();
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();
        await reader.SubmitCommentAsync(BroadsheetApp.PathOf(article), CommentForms.Fields("One.", email: "fast@example.org"));

        var response = await reader.SubmitCommentAsync(BroadsheetApp.PathOf(article), CommentForms.Fields("Two.", email: "fast@example.org"));

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TooFast.FloodMessage, (await CommentForms.ParseAsync(response)).QuerySelector(".form-error").Text());
    }

    [Fact]
    public async Task Comments_close_after_the_configured_days()
    {
        using var app = App(new() { ["Broadsheet:Comments:CloseAfterDays"] = "14" });
        var article = await ArticleAsync(app);

        app.Clock.Advance(TimeSpan.FromDays(15));
        var (status, problem) = await app.Anonymous().PostCommentAsync(article, CommentForms.Comment());

        Assert.Equal(422, status);
        Assert.Equal(CommentPosting.ClosedMessage, problem.GetProperty("errors").GetProperty("articleId")[0].GetString());
    }

    [Fact]
    public async Task Per_article_policy_premoderates_closes_after_hours_and_slows_commenters_down()
    {
        using var app = App(new() { ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false", ["Broadsheet:Comments:FloodIntervalSeconds"] = "0" });
        var premoderated = await ArticleAsync(app, new { comments = new { preModerate = true } });
        var closing = await ArticleAsync(app, new { comments = new { closeAfterHours = 2 } });
        var slow = await ArticleAsync(app, new { comments = new { slowModeMinutes = 10 } });
        var reader = app.Anonymous();

        var (_, held) = await reader.PostCommentAsync(premoderated, CommentForms.Comment());
        var (_, slowFirst) = await reader.PostCommentAsync(slow, CommentForms.Comment("slow@example.org", "First."));
        var slowSecond = await reader.PostCommentAsync(slow, CommentForms.Comment("slow@example.org", "Second."));
        var otherReader = await reader.PostCommentAsync(slow, CommentForms.Comment("other@example.org", "Mine."));
        app.Clock.Advance(TimeSpan.FromHours(3));
        var afterClose = await reader.PostCommentAsync(closing, CommentForms.Comment());
        var slowLater = await reader.PostCommentAsync(slow, CommentForms.Comment("slow@example.org", "Third."));

        Assert.Equal(["comments on this article are pre-moderated"], Reasons(await ModeratedAsync(app, held.Id())));
        Assert.Equal("approved", slowFirst.Str("status"));
        Assert.Equal(429, slowSecond.Status);
        Assert.Contains("one comment every 10 minutes", slowSecond.Body.Str("title"));
        Assert.Equal(201, otherReader.Status);
        Assert.Equal(422, afterClose.Status);
        Assert.Equal(201, slowLater.Status);
    }

    [Fact]
    public async Task A_reply_to_a_comment_of_another_article_or_a_missing_one_answers_422()
    {
        using var app = App(new() { ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false" });
        var first = await ArticleAsync(app);
        var second = await ArticleAsync(app);
        var (_, elsewhere) = await app.Anonymous().PostCommentAsync(first, CommentForms.Comment());

        var wrongArticle = await app.Anonymous().PostCommentAsync(second, CommentForms.Comment(parentId: elsewhere.Id()));
        var missing = await app.Anonymous().PostCommentAsync(second, CommentForms.Comment(parentId: 999_999));
        var noArticle = await app.Anonymous().PostCommentAsync(999_999, CommentForms.Comment());

        Assert.Equal(422, wrongArticle.Status);
        Assert.True(wrongArticle.Body.GetProperty("errors").TryGetProperty("parentId", out _));
        Assert.Equal(422, missing.Status);
        Assert.Equal(422, noArticle.Status);
    }

    [Fact]
    public async Task The_api_answers_422_with_the_forms_messages()
    {
        using var app = App();
        var article = await ArticleAsync(app);

        var (status, problem) = await app.Anonymous().PostCommentAsync(article, new { comment = "", name = "", email = "nope" });
        var malformed = await app.Anonymous().PostAsync($"/api/v1/articles/{article}/comments",
            new StringContent("{\"comment\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(422, status);
        var errors = problem.GetProperty("errors");
        Assert.Equal("Please enter your comment!", errors.GetProperty("comment")[0].GetString());
        Assert.Equal("Please enter your name here", errors.GetProperty("name")[0].GetString());
        Assert.Equal("You have entered an incorrect email address!", errors.GetProperty("email")[0].GetString());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Control_characters_are_stripped_from_comments()
    {
        using var app = App();
        var article = await ArticleAsync(app);

        var (_, posted) = await app.Anonymous().PostCommentAsync(article, new { comment = "Hello\u0000 there\u0007", name = "Bo\u0001b", email = "bob@example.org" });
        var stored = await ModeratedAsync(app, posted.Id());

        Assert.Equal("Hello there", stored.Str("comment"));
        Assert.Equal("Bob", stored.Str("name"));
    }

    [Fact]
    public void Links_are_counted_in_urls_and_html_anchors() =>
        Assert.Equal(3, CommentRules.CountLinks("see http://a.example, www.b.example and <a href=\"/c\">c</a>"));

    [Fact]
    public async Task Editors_can_set_an_articles_comment_policy_through_the_api()
    {
        using var app = App();
        var article = await ArticleAsync(app);

        var patched = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article}",
            new { comments = new { closed = true } }), 200);
        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(patched));

        Assert.True(patched.GetProperty("comments").GetProperty("closed").GetBoolean());
        Assert.Equal(CommentPosting.ClosedMessage, page.QuerySelector(".comments-closed").Text());
        Assert.Null(page.QuerySelector("#commentform"));
    }
}
