using System.Net;
using System.Net.Http.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Comments;

public sealed class ModeratingCommentsTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    // Each test writes its own words: the spam filter learns from the "spam" actions here, and a text
    // repeated across articles is itself a spam signal, so shared words would make tests depend on their order.
    private async Task<(int ArticleId, int CommentId)> HeldCommentAsync(string text)
    {
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, comment) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: text));
        return (article.Id(), comment.Id());
    }

    private async Task<string> ActAsync(int id, string action) =>
        (await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsync($"/api/v1/comments/{id}/{action}", null), 200)).Str("status");

    [Fact]
    public async Task Moderation_actions_move_a_comment_between_states()
    {
        var (_, id) = await HeldCommentAsync("The timetable in the third paragraph looks out of date.");

        Assert.Equal("approved", await ActAsync(id, "approve"));
        Assert.Equal("pending", await ActAsync(id, "unapprove"));
        Assert.Equal("spam", await ActAsync(id, "spam"));
        Assert.Equal("pending", await ActAsync(id, "not-spam"));
        Assert.Equal("approved", await ActAsync(id, "approve"));
        Assert.Equal("trash", await ActAsync(id, "trash"));
        Assert.Equal("approved", await ActAsync(id, "restore"));
    }

    [Fact]
    public async Task Moderation_needs_a_token()
    {
        var (_, id) = await HeldCommentAsync("Could the council publish the full survey results?");
        var reader = app.Anonymous();

        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.PostAsync($"/api/v1/comments/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/v1/comments?status=pending")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync($"/api/v1/comments/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_comment_in_full_shows_everything_a_moderator_needs()
    {
        var (articleId, id) = await HeldCommentAsync("My street flooded in the same storm last winter.");

        var comment = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments/{id}"), 200);

        Assert.Equal(articleId, comment.GetProperty("articleId").GetInt32());
        Assert.Equal("pending", comment.Str("status"));
        Assert.EndsWith("@example.org", comment.Str("email"));
        Assert.Equal(["first comment from this commenter"], comment.GetProperty("reasons").Strings());
        Assert.True(comment.TryGetProperty("createdAt", out _));
    }

    [Fact]
    public async Task Lists_filter_by_status_and_article_and_page_with_cursors()
    {
        var (articleId, first) = await HeldCommentAsync("Which of the two reports came first?");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, second) = await app.Anonymous().PostCommentAsync(articleId, CommentForms.Comment(comment: "Which of the two reports came second?"));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, third) = await app.Anonymous().PostCommentAsync(articleId, CommentForms.Comment(comment: "Which of the two reports came third?"));
        await ActAsync(third.Id(), "spam");

        var page1 = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments?status=pending&articleId={articleId}&limit=1"), 200);
        var page2 = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments?status=pending&articleId={articleId}&limit=1&cursor={page1.Str("next")}"), 200);
        var spam = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments?status=spam&articleId={articleId}"), 200);
        var bad = await app.Editor().GetAsync("/api/v1/comments?status=lost");

        Assert.Equal([second.Id()], page1.GetProperty("items").EnumerateArray().Select(c => c.Id()));
        Assert.Equal([first], page2.GetProperty("items").EnumerateArray().Select(c => c.Id()));
        Assert.Equal([third.Id()], spam.GetProperty("items").EnumerateArray().Select(c => c.Id()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
    }

    [Fact]
    public async Task Editing_changes_the_text_and_deleting_removes_a_comment_without_replies()
    {
        var (articleId, id) = await HeldCommentAsync("The figures for the eastern district seem low.");
        await ActAsync(id, "approve");

        var edited = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PatchAsJsonAsync($"/api/v1/comments/{id}", new { comment = "Edited for length." }), 200);
        var invalid = await app.Editor().PatchAsJsonAsync($"/api/v1/comments/{id}", new { email = "nope" });
        var (_, reply) = await app.Anonymous().PostCommentAsync(articleId, CommentForms.Comment(parentId: id));
        var withReplies = await app.Editor().DeleteAsync($"/api/v1/comments/{id}");
        var deleted = await app.Editor().DeleteAsync($"/api/v1/comments/{reply.Id()}");

        Assert.Equal("Edited for length.", edited.Str("comment"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withReplies.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Editor().GetAsync($"/api/v1/comments/{reply.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Editor().PostAsync($"/api/v1/comments/{id}/frobnicate", null)).StatusCode);
    }

    [Fact]
    public async Task Spam_and_trash_are_hidden_from_readers_and_counts()
    {
        var (articleId, id) = await HeldCommentAsync("A clear account of a messy week at the harbour.");
        await ActAsync(id, "approve");
        var path = BroadsheetApp.PathOf(await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().GetAsync($"/api/v1/articles/{articleId}"), 200));

        var shown = await HtmlPage.GetAsync(app.Anonymous(), path);
        await ActAsync(id, "trash");
        var hidden = await HtmlPage.GetAsync(app.Anonymous(), path);
        var list = await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().GetAsync($"/api/v1/articles/{articleId}/comments"), 200);

        Assert.Equal("1 comment", shown.QuerySelector("#comments-title").Text());
        Assert.Equal("No comments yet", hidden.QuerySelector("#comments-title").Text());
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }
}
