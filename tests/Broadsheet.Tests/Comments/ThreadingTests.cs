using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Comments;

public sealed class ThreadingTests
{
    private static BroadsheetApp App(int maxDepth = 5, int pageSize = 50) => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
        ["Broadsheet:Spam:Enabled"] = "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
        ["Broadsheet:Comments:MaxDepth"] = maxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Broadsheet:Comments:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task Replies_nest_under_their_parents_and_a_reply_at_the_maximum_depth_attaches_at_that_depth()
    {
        using var app = App(maxDepth: 3);
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();

        var (_, top) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Top."));
        var (_, second) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Second.", parentId: top.Id()));
        var (_, third) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Third.", parentId: second.Id()));
        var (_, fourth) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Fourth.", parentId: third.Id()));
        var page = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(article));
        var api = await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync($"/api/v1/articles/{article.Id()}/comments"), 200);

        Assert.NotNull(page.QuerySelector($"#comment-{top.Id()}.depth-1 > ol.children > #comment-{second.Id()}.depth-2"));
        Assert.NotNull(page.QuerySelector($"#comment-{second.Id()} > ol.children > #comment-{third.Id()}.depth-3"));
        Assert.NotNull(page.QuerySelector($"#comment-{second.Id()} > ol.children > #comment-{fourth.Id()}.depth-3"));
        var parents = api.GetProperty("items").EnumerateArray().ToDictionary(c => c.Id(), c => c.GetProperty("parentId").ValueKind == System.Text.Json.JsonValueKind.Null ? 0 : c.GetProperty("parentId").GetInt32());
        Assert.Equal(new Dictionary<int, int> { [top.Id()] = 0, [second.Id()] = top.Id(), [third.Id()] = second.Id(), [fourth.Id()] = second.Id() }, parents);
        Assert.Equal("4 comments", page.QuerySelector("#comments-title").Text());
    }

    [Fact]
    public async Task A_reply_link_works_without_javascript()
    {
        using var app = App();
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();
        var (_, top) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Start here.", name: "Cora Lind"));

        var page = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(article));
        var replyHref = page.QuerySelector($"#comment-{top.Id()} a.reply-link")?.GetAttribute("href");
        var replyPage = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(article) + replyHref?.Split('#')[0]);
        var response = await reader.SubmitCommentAsync(BroadsheetApp.PathOf(article) + replyHref?.Split('#')[0], CommentForms.Fields("Answering Cora."));
        var after = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(article));

        Assert.Equal($"?replyto={top.Id()}#respond", replyHref);
        Assert.Equal("Reply to Cora Lind", replyPage.QuerySelector("#reply-title span").Text());
        Assert.Equal(top.Id().ToString(System.Globalization.CultureInfo.InvariantCulture), replyPage.QuerySelector("#parentId")?.GetAttribute("value"));
        Assert.False(replyPage.QuerySelector("#cancel-reply")?.HasAttribute("hidden"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Answering Cora.", after.QuerySelector($"#comment-{top.Id()} ol.children .comment-content").Text());
    }

    [Fact]
    public async Task Long_threads_are_paged_by_top_level_comments_oldest_first()
    {
        using var app = App(pageSize: 5);
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();
        var ids = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: $"Comment {i}."))).Body.Id());
        }
        await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "A reply on page two.", parentId: ids[6]));

        var first = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(article));
        var second = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(article) + "?cpage=2");

        Assert.Equal(ids.Take(5).Select(id => $"comment-{id}"), first.QuerySelectorAll(".comment-list > li").Select(li => li.Id));
        Assert.Equal(ids.Skip(5).Select(id => $"comment-{id}"), second.QuerySelectorAll(".comment-list > li").Select(li => li.Id));
        Assert.Equal("A reply on page two.", second.QuerySelector($"#comment-{ids[6]} .children .comment-content").Text());
        Assert.Equal("8 comments", first.QuerySelector("#comments-title").Text());
        Assert.Equal("?cpage=2#comments", first.QuerySelector(".comment-pages a")?.GetAttribute("href"));
    }
}
