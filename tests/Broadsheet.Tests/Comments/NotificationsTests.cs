using System.Globalization;
using Broadsheet.Tests.Infrastructure;
using MimeKit;

namespace Broadsheet.Tests.Comments;

public sealed class NotificationsTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    private BroadsheetApp App(bool holdFirstTimers, string editor = "desk@example.org") => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
        ["Broadsheet:Notifications:SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Broadsheet:Notifications:Editors:0"] = editor,
        ["Broadsheet:Comments:HoldFirstTimeCommenters"] = holdFirstTimers ? "true" : "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
        ["Broadsheet:Site:BaseUrl"] = "https://news.example.org",
    });

    private static string Body(MimeMessage message) => message.TextBody ?? "";

    [Fact]
    public async Task Editors_get_an_email_for_each_held_comment_and_readers_following_a_thread_get_replies_until_they_unsubscribe()
    {
        using var app = App(holdFirstTimers: true);
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), new { title = "Harbour reopens" });
        var (_, held) = await app.Anonymous().PostCommentAsync(article.Id(), new { comment = "Is the quay safe?", name = "Lena", email = "lena@example.org", notify = true });
        var toEditor = (await smtp.MessagesToAsync("desk@example.org")).Single(m => m.Subject?.Contains("Harbour reopens", StringComparison.Ordinal) == true);
        await app.Editor().PostAsync($"/api/v1/comments/{held.Id()}/approve", null);
        var (_, reply) = await app.Anonymous().PostCommentAsync(article.Id(), new { comment = "Engineers say yes.", name = "Omar", email = "omar@example.org", parentId = held.Id() });
        await app.Editor().PostAsync($"/api/v1/comments/{reply.Id()}/approve", null);
        var toLena = (await smtp.MessagesToAsync("lena@example.org")).Single();

        Assert.Equal("desk@example.org", toEditor.To.Mailboxes.Single().Address);
        Assert.Equal("Comment awaiting moderation on \"Harbour reopens\"", toEditor.Subject);
        Assert.Contains("first comment from this commenter", Body(toEditor));
        Assert.Contains("Is the quay safe?", Body(toEditor));
        Assert.Equal("New reply to your comment on \"Harbour reopens\"", toLena.Subject);
        Assert.Contains("Engineers say yes.", Body(toLena));
        Assert.Contains($"https://news.example.org{BroadsheetApp.PathOf(article)}#comment-{reply.Id()}", Body(toLena));

        var unsubscribe = new Uri(Body(toLena).Split('\n').Select(l => l.Trim()).Last(l => l.Contains("/comments/unsubscribe", StringComparison.Ordinal)).Split(' ').Last());
        var response = await app.Anonymous().GetAsync(unsubscribe.PathAndQuery);
        var forged = await app.Anonymous().GetAsync($"/comments/unsubscribe?comment={held.Id()}&token=0000");
        var (_, another) = await app.Anonymous().PostCommentAsync(article.Id(), new { comment = "Another answer.", name = "Omar", email = "omar@example.org", parentId = held.Id() });
        await app.Editor().PostAsync($"/api/v1/comments/{another.Id()}/approve", null);
        await Task.Delay(500);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Single(smtp.MessagesTo("lena@example.org"));
    }

    [Fact]
    public async Task Nobody_is_emailed_about_their_own_reply_or_without_asking()
    {
        using var app = App(holdFirstTimers: false);
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var (_, quiet) = await app.Anonymous().PostCommentAsync(article.Id(), new { comment = "No emails please.", name = "Ivo", email = "ivo@example.org" });
        await app.Anonymous().PostCommentAsync(article.Id(), new { comment = "A reply.", name = "Mia", email = "mia@example.org", parentId = quiet.Id() });
        await app.Anonymous().PostCommentAsync(article.Id(), new { comment = "Talking to myself.", name = "Ivo", email = "ivo@example.org", parentId = quiet.Id() });
        await Task.Delay(500);

        Assert.Empty(smtp.MessagesTo("ivo@example.org"));
    }

    [Fact]
    public async Task A_flood_of_held_comments_is_one_email_then_one_summary_not_a_mail_storm()
    {
        using var app = App(holdFirstTimers: true, editor: "storm-desk@example.org");
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), new { title = "Storm warning" });

        for (var i = 0; i < 30; i++)
        {
            await app.Anonymous().PostCommentAsync(article.Id(), new { comment = $"First time here, comment {i}.", name = "Reader", email = $"reader{i}@example.org" });
        }
        await Task.Delay(500);
        var beforeTheInterval = smtp.MessagesTo("storm-desk@example.org");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var afterIt = await smtp.MessagesToAsync("storm-desk@example.org", count: 2);

        Assert.Equal("Comment awaiting moderation on \"Storm warning\"", Assert.Single(beforeTheInterval).Subject);
        Assert.Equal(2, afterIt.Count);
        var summary = Assert.Single(afterIt, m => m.Subject == "29 more comments are awaiting moderation");
        Assert.Contains("https://news.example.org/api/v1/comments?status=pending", Body(summary));
    }
}
