using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Admin;

/// <summary>The moderation desk at /admin/comments, through its forms: tabs, filters, one and many comments, edits, a colleague's move first.</summary>
public sealed class ModerationDeskTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    // Each test writes its own words: the filter learns from "spam", and a text repeated across articles is a spam signal.
    private async Task<(int ArticleId, int CommentId)> HeldAsync(string text, int? articleId = null)
    {
        articleId ??= (await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"))).Id();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (status, comment) = await app.Anonymous().PostCommentAsync(articleId.Value, CommentForms.Comment(comment: text));
        Assert.Equal(201, status);
        Assert.Equal("pending", comment.Str("status"));
        return (articleId.Value, comment.Id());
    }

    private async Task<string> StatusOfAsync(int id) =>
        (await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments/{id}"), 200)).Str("status");

    private static Task<HttpResponseMessage> ActAsync(HttpClient admin, string tab, Dictionary<string, string> fields) =>
        Newsroom.PostFormAsync(admin, $"/admin/comments?status={tab}", "/admin/comments", new Dictionary<string, string>(fields) { ["status"] = tab });

    [Fact]
    public async Task A_held_comment_shows_its_article_author_and_reasons_and_one_button_approves_it()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var (articleId, id) = await HeldAsync("The ferry times in the second table are from last winter.");

        var desk = await HtmlPage.GetAsync(editor.Admin, "/admin/comments");
        var item = desk.QuerySelector($"#comment-{id}")!;
        var approved = await ActAsync(editor.Admin, "pending", new() { ["act"] = $"approve:{id}" });
        var after = await HtmlPage.GetAsync(editor.Admin, approved.Headers.Location!.OriginalString);

        Assert.Equal("Pending", desk.QuerySelector(".moderation-tabs a[aria-current=page]")!.ChildNodes[0].TextContent.Trim());
        Assert.Contains("Ada Byrne", item.QuerySelector(".moderation-head").Text());
        Assert.NotNull(item.QuerySelector($"a[href*='article={articleId}']"));
        Assert.False(string.IsNullOrWhiteSpace(item.QuerySelector(".reasons").Text()));
        Assert.NotNull(item.QuerySelector("img[src^='/avatars/']"));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal("approved", await StatusOfAsync(id));
        Assert.Contains("Approved: 1 comment.", after.QuerySelector(".notice").Text());
        Assert.Null(after.QuerySelector($"#comment-{id}"));
    }

    [Fact]
    public async Task Comments_marked_spam_on_the_desk_teach_the_filter_each_one()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var (articleId, first) = await HeldAsync("Cheap watches at the quay shop, visit now for discounts today");
        var (_, second) = await HeldAsync("Cheap watches again at the quay shop, discounts for visitors", articleId);
        int Lessons() => app.Services.CreateScope().ServiceProvider.GetRequiredService<BroadsheetDb>().SpamLessons.Count();
        var lessonsBefore = Lessons();

        var response = await ActAsync(editor.Admin, "pending", new() { ["ids"] = $"{first}", ["action"] = "spam", ["bulk"] = "1" });
        var both = await Newsroom.PostFormAsync(editor.Admin, "/admin/comments", "/admin/comments",
            new Dictionary<string, string> { ["status"] = "pending", ["action"] = "spam", ["bulk"] = "1", ["ids"] = $"{second}" });
        var spamTab = await HtmlPage.GetAsync(editor.Admin, "/admin/comments?status=spam");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, both.StatusCode);
        Assert.Equal(("spam", "spam"), (await StatusOfAsync(first), await StatusOfAsync(second)));
        Assert.Equal(lessonsBefore + 2, Lessons());
        Assert.NotNull(spamTab.QuerySelector($"#comment-{first} button[value='not-spam:{first}']"));
        Assert.NotNull(spamTab.QuerySelector($"#comment-{second} button[value='delete:{second}']"));
    }

    [Fact]
    public async Task Several_ticked_comments_move_in_one_post()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var (articleId, first) = await HeldAsync("I was on the pier when the lights came back on.");
        var (_, second) = await HeldAsync("My grandfather kept that lighthouse for thirty years.", articleId);
        var page = await HtmlPage.GetAsync(editor.Admin, "/admin/comments");

        var response = await editor.Admin.PostAsync("/admin/comments", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Newsroom.AntiforgeryToken(page)), new("status", "pending"), new("action", "trash"),
            new("bulk", "1"), new("ids", $"{first}"), new("ids", $"{second}"),
        ]));
        var notice = (await HtmlPage.GetAsync(editor.Admin, response.Headers.Location!.OriginalString)).QuerySelector(".notice").Text();

        Assert.Equal(("trash", "trash"), (await StatusOfAsync(first), await StatusOfAsync(second)));
        Assert.Contains("Moved to the trash: 2 comments.", notice);
    }

    [Fact]
    public async Task A_comment_a_colleague_moved_first_is_left_where_they_put_it_and_the_desk_says_so()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var (_, id) = await HeldAsync("The harbour master's figures do not add up, I think.");
        var page = await HtmlPage.GetAsync(editor.Admin, "/admin/comments");
        await app.Editor().PostAsync($"/api/v1/comments/{id}/approve", null);

        var response = await editor.Admin.PostAsync("/admin/comments", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(page), ["status"] = "pending", ["act"] = $"spam:{id}",
        }));
        var notice = (await HtmlPage.GetAsync(editor.Admin, response.Headers.Location!.OriginalString)).QuerySelector(".notice").Text();

        Assert.Equal("approved", await StatusOfAsync(id));
        Assert.Contains("1 had been moved by someone else in the meantime and was left as it is.", notice);
    }

    [Fact]
    public async Task The_text_is_edited_in_place_an_empty_one_is_refused_and_the_filters_find_by_words_and_article()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var (articleId, id) = await HeldAsync("The lifeboat crew deserve a medal, all of them.");
        var (_, other) = await HeldAsync("Unrelated words about the weather.");

        var empty = await Newsroom.PostFormAsync(editor.Admin, "/admin/comments", "/admin/comments?handler=Edit",
            new Dictionary<string, string> { ["id"] = $"{id}", ["text"] = "", ["status"] = "pending" });
        var edited = await Newsroom.PostFormAsync(editor.Admin, "/admin/comments", "/admin/comments?handler=Edit",
            new Dictionary<string, string> { ["id"] = $"{id}", ["text"] = "The lifeboat crew deserve a medal.", ["status"] = "pending" });
        var byWords = await HtmlPage.GetAsync(editor.Admin, "/admin/comments?q=LIFEBOAT");
        var byArticle = await HtmlPage.GetAsync(editor.Admin, $"/admin/comments?article={articleId}");
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments/{id}"), 200);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("Please enter your comment!", (await HtmlPage.ParseAsync(empty)).QuerySelector($"#text-{id}-error").Text());
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("The lifeboat crew deserve a medal.", stored.Str("comment"));
        Assert.NotNull(byWords.QuerySelector($"#comment-{id}"));
        Assert.Null(byWords.QuerySelector($"#comment-{other}"));
        Assert.NotNull(byArticle.QuerySelector($"#comment-{id}"));
        Assert.Null(byArticle.QuerySelector($"#comment-{other}"));
    }

    [Fact]
    public async Task Only_editors_moderate_a_forged_post_is_refused_and_a_comment_with_replies_is_not_deleted()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var author = await app.MemberAsync(UserRole.Author);
        var (articleId, parent) = await HeldAsync("First, the quay: it floods every spring.");
        await app.Editor().PostAsync($"/api/v1/comments/{parent}/approve", null);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, reply) = await app.Anonymous().PostCommentAsync(articleId, CommentForms.Comment(comment: "And every autumn too.", parentId: parent));
        await app.Editor().PostAsync($"/api/v1/comments/{parent}/trash", null);

        var authors = await author.Admin.GetAsync("/admin/comments");
        var forged = await editor.Admin.PostAsync("/admin/comments", new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "trash", ["act"] = $"delete:{parent}" }));
        var refused = await ActAsync(editor.Admin, "trash", new() { ["act"] = $"delete:{parent}" });
        var notice = (await HtmlPage.GetAsync(editor.Admin, refused.Headers.Location!.OriginalString)).QuerySelector(".notice").Text();

        Assert.True(authors.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"an author is kept out: {(int)authors.StatusCode}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("with replies was not deleted", notice);
        Assert.Equal("trash", await StatusOfAsync(parent));
        Assert.True(reply.Id() > 0);
    }

    [Fact]
    public async Task A_reply_from_the_desk_approves_the_held_comment_and_is_published_at_once_marked_as_staff()
    {
        var editor = await app.MemberAsync(UserRole.Editor, "Desk Editor Hana");
        var (articleId, id) = await HeldAsync("Will the night ferry run over the holidays?");

        var empty = await Newsroom.PostFormAsync(editor.Admin, "/admin/comments", "/admin/comments?handler=Reply",
            new Dictionary<string, string> { ["id"] = $"{id}", ["reply"] = " ", ["status"] = "pending" });
        var afterEmpty = await StatusOfAsync(id);
        var replied = await Newsroom.PostFormAsync(editor.Admin, "/admin/comments", "/admin/comments?handler=Reply",
            new Dictionary<string, string> { ["id"] = $"{id}", ["reply"] = "Yes: every night but the 25th.", ["status"] = "pending" });
        var notice = (await HtmlPage.GetAsync(editor.Admin, replied.Headers.Location!.OriginalString)).QuerySelector(".notice").Text();
        var article = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{articleId}"), 200);
        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("Please enter your comment!", (await HtmlPage.ParseAsync(empty)).QuerySelector($"#reply-{id}-error").Text());
        Assert.Equal("pending", afterEmpty);
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        Assert.Contains("Approved the comment and published your reply, marked as staff.", notice);
        Assert.Equal("approved", await StatusOfAsync(id));
        var reply = page.QuerySelectorAll($"#comment-{id} .children .comment").Single();
        Assert.Equal("Yes: every night but the 25th.", reply.QuerySelector(".comment-content").Text());
        Assert.Equal("Desk Editor Hana", reply.QuerySelector(".comment-author").Text());
        Assert.Equal("Staff", reply.QuerySelector(".staff-badge").Text());
        Assert.Null(page.QuerySelector($"#comment-{id} > article .staff-badge"));
    }
}
