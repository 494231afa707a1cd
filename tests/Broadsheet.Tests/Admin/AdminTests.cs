using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

public sealed class AdminTests
{
    private const string Email = "desk@example.org";
    private const string Password = "a long admin passphrase";

    private static BroadsheetApp App() => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:BootstrapAdmin:Email"] = Email,
        ["Broadsheet:BootstrapAdmin:Password"] = Password,
    });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password)
    {
        var page = await HtmlPage.GetAsync(client, "/admin/login");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        return await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["email"] = Email, ["password"] = password,
        }));
    }

    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_the_login_page()
    {
        using var app = App();

        var response = await app.Anonymous().GetAsync("/admin/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/admin/login?ReturnUrl=%2Fadmin%2F", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes()
    {
        using var app = App();
        var client = app.Anonymous();

        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(client, "wrong password " + i);
        }
        var locked = await SignInAsync(client, Password);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var later = await SignInAsync(client, Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("locked until", (await CommentForms.ParseAsync(locked)).QuerySelector(".form-error").Text());
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Equal("/admin/", later.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_moderator_sees_the_spam_queue_with_reasons_and_rescues_a_comment_in_bulk()
    {
        using var app = App();
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), new { title = "Harbour budget" });
        var (_, spam) = await app.Anonymous().PostCommentAsync(article.Id(),
            CommentForms.Comment(comment: "Check out my channel!!! Subscribe now for free gift cards http://free-gifts.example/win"));
        var moderator = app.Anonymous();
        await SignInAsync(moderator, Password);

        var queue = await HtmlPage.GetAsync(moderator, "/admin/spam/");
        var row = queue.QuerySelector($"#spam-{spam.Id()}");
        var token = queue.QuerySelector("form input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        var rescue = await moderator.PostAsync("/admin/spam/", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ids", spam.Id().ToString(System.Globalization.CultureInfo.InvariantCulture)), new("action", "not-spam")]));
        var after = await HtmlPage.GetAsync(moderator, rescue.Headers.Location?.OriginalString ?? "/admin/spam/");
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments/{spam.Id()}"), 200);

        Assert.NotNull(row);
        Assert.Contains("Harbour budget", row.Text());
        Assert.Contains("the words look like spam", row.QuerySelector(".reasons").Text());
        Assert.Equal(HttpStatusCode.Redirect, rescue.StatusCode);
        Assert.Null(after.QuerySelector($"#spam-{spam.Id()}"));
        Assert.Contains("the filter learned from them", after.QuerySelector(".notice").Text());
        Assert.Equal("pending", stored.Str("status"));
        Assert.Equal("2024-W29", after.QuerySelector(".figures tbody th").Text());
    }
}
