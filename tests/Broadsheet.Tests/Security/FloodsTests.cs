using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Security;

/// <summary>Flood control and the duplicate check hold when one reader's posts arrive all at once, on either engine.</summary>
public sealed class FloodsTests
{
    private static BroadsheetApp App(string floodSeconds) => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Spam:Enabled"] = "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = floodSeconds,
    });

    private static async Task<int> ArticleAsync(BroadsheetApp app) => (await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"))).Id();

    [Fact]
    public async Task Ten_posts_at_once_from_one_email_pass_flood_control_once()
    {
        using var app = App("15");
        var article = await ArticleAsync(app);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            app.Anonymous().PostCommentAsync(article, CommentForms.Comment("eager@example.org", $"Point number {i} about the budget."))));

        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal((429, TooFast.FloodMessage), (a.Status, a.Body.Str("title"))));
    }

    [Fact]
    public async Task Ten_identical_posts_at_once_store_one_comment()
    {
        using var app = App("0");
        var article = await ArticleAsync(app);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            app.Anonymous().PostCommentAsync(article, CommentForms.Comment("twice@example.org", "The same words, sent again and again."))));
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments?status=pending&articleId={article}"), 200);

        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
        Assert.Single(stored.GetProperty("items").EnumerateArray());
    }
}
