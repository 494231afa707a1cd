using System.Diagnostics;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Spam;

public sealed class ExternalSpamServiceTests : IAsyncLifetime
{
    private readonly FakeAkismet _akismet = new();
    private BroadsheetApp _app = null!;
    private int _article;

    public async ValueTask InitializeAsync()
    {
        _app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Spam:Akismet:BaseUrl"] = _akismet.BaseUrl,
            ["Broadsheet:Spam:Akismet:Key"] = FakeAkismet.Key,
            ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
            ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
        });
        _article = (await _app.CreateArticleAsync((await _app.CreateSectionAsync()).Str("slug"))).Id();
    }

    public async ValueTask DisposeAsync()
    {
        _app.Dispose();
        await _akismet.DisposeAsync();
    }

    [Fact]
    public async Task The_services_spam_verdict_sends_a_comment_to_the_spam_queue_with_the_protocols_fields()
    {
        var (status, posted) = await _app.Anonymous().PostCommentAsync(_article, CommentForms.Comment("pills@example.org", "My pharmacy has viagra deals"));

        Assert.Equal(201, status);
        Assert.Equal("spam", posted.Str("status"));
        var (method, fields) = _akismet.Calls.Last(c => c.Method == "comment-check");
        Assert.Equal("comment-check", method);
        Assert.Equal("pills@example.org", fields["comment_author_email"]);
        Assert.Equal("comment", fields["comment_type"]);
        Assert.Equal("http://localhost:5000", fields["blog"]);
        Assert.EndsWith("/", fields["permalink"]);
    }

    [Fact]
    public async Task A_not_spam_answer_leaves_the_built_in_verdict()
    {
        var (_, posted) = await _app.Anonymous().PostCommentAsync(_article, CommentForms.Comment(comment: "The quay repairs are overdue."));

        Assert.Equal("approved", posted.Str("status"));
    }

    [Theory]
    [InlineData("A slow reply about the harbour budget.")]
    [InlineData("The broken gate at the harbour needs fixing.")]
    public async Task A_time_out_or_an_error_never_loses_or_blocks_a_comment(string text)
    {
        var watch = Stopwatch.StartNew();
        var (status, posted) = await _app.Anonymous().PostCommentAsync(_article, CommentForms.Comment(comment: text));

        Assert.Equal(201, status);
        Assert.Equal("approved", posted.Str("status"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4.5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_moderators_spam_and_not_spam_are_submitted_to_the_service()
    {
        var (_, posted) = await _app.Anonymous().PostCommentAsync(_article, CommentForms.Comment(comment: "An ordinary remark."));

        await _app.Editor().PostAsync($"/api/v1/comments/{posted.Id()}/spam", null);
        await _app.Editor().PostAsync($"/api/v1/comments/{posted.Id()}/not-spam", null);

        Assert.Contains(_akismet.Calls, c => c.Method == "submit-spam" && c.Fields["comment_content"] == "An ordinary remark.");
        Assert.Contains(_akismet.Calls, c => c.Method == "submit-ham" && c.Fields["comment_content"] == "An ordinary remark.");
    }

    [Fact]
    public async Task The_notice_and_the_privacy_page_name_the_service_in_use()
    {
        var host = new Uri(_akismet.BaseUrl).Host;
        var article = await HtmlPage.GetAsync(_app.Anonymous(), BroadsheetApp.PathOf(
            await BroadsheetApp.ExpectJsonAsync(await _app.Anonymous().GetAsync($"/api/v1/articles/{_article}"), 200)));
        var privacy = await HtmlPage.GetAsync(_app.Anonymous(), "/privacy/");

        Assert.StartsWith($"This site uses the spam service at {host} to reduce spam.", article.QuerySelector(".spam-notice").Text());
        Assert.Contains($"is sent to the spam service at {host}", privacy.QuerySelector("main").Text());
    }
}
