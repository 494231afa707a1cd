using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Broadsheet.BrowserTests;

/// <summary>A moderator works through the queue in Chromium with the keyboard alone; the desk passes axe at phone width.</summary>
public sealed class ModeratingInABrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?>());
    private string _origin = "";
    private readonly string _email = $"{BroadsheetApp.Unique("moderator")}@example.org";

    public async ValueTask InitializeAsync()
    {
        _origin = KestrelApp.Start(_app);
        using var scope = _app.Services.CreateScope();
        Assert.IsType<Saved<User>>(await scope.ServiceProvider.GetRequiredService<AccountEditing>().AddUserAsync(
            new NewUser { Email = _email, Password = Newsroom.Password, Role = UserRole.Editor, Name = "Mo Derator" }, CancellationToken.None));
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<int> HeldAsync(int articleId, string text)
    {
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, comment) = await _app.Anonymous().PostCommentAsync(articleId, CommentForms.Comment(comment: text));
        return comment.Id();
    }

    private async Task<string> StatusOfAsync(int id) =>
        (await BroadsheetApp.ExpectJsonAsync(await _app.Editor().GetAsync($"/api/v1/comments/{id}"), 200)).Str("status");

    [Fact]
    public async Task A_moderator_approves_and_spams_with_the_keyboard_alone()
    {
        var article = (await _app.CreateArticleAsync((await _app.CreateSectionAsync()).Str("slug"))).Id();
        var question = await HeldAsync(article, "Does the winter timetable start in November or December?");
        var older = await HeldAsync(article, "The new timetable leaves the island without a morning boat.");
        var newer = await HeldAsync(article, "The café on the quay closes at four in winter, sadly.");
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 800 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => errors.AddRange(message.Type == "error" ? [message.Text] : []);
        await page.GotoAsync(_origin + "/admin/login");
        await page.FillAsync("#email", _email);
        await page.FillAsync("#password", Newsroom.Password);
        await page.ClickToAsync("button[type=submit]", _origin + "/admin/");
        await page.GotoAsync(_origin + "/admin/comments");
        var violations = await PageChecks.SeriousViolationsAsync(page);
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        await PageChecks.ScreenshotsAsync(page, "admin-comments");

        await page.Keyboard.PressAsync("?");
        var helpShown = await page.IsVisibleAsync("#shortcut-help");
        await page.Keyboard.PressAsync("?");
        await page.Keyboard.PressAsync("j");
        var focused = await page.EvaluateAsync<string>("document.activeElement.id");
        await page.PressToAsync("s", new Regex("done="));
        await page.Keyboard.PressAsync("j");
        await page.PressToAsync("a", new Regex("done="));
        var notice = await page.TextContentAsync(".notice");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("r");
        await page.Keyboard.TypeAsync("It starts on the first of December.");
        await page.Keyboard.PressAsync("Tab");
        await page.PressToAsync("Enter", new Regex("done="));
        var replyNotice = await page.TextContentAsync(".notice");
        await context.CloseAsync();

        Assert.Empty(violations.EnumerateArray().Select(v => v.GetString()));
        Assert.False(overflow, "the moderation desk scrolls sideways at 375 px");
        Assert.True(helpShown, "? shows the shortcuts");
        Assert.Equal($"comment-{newer}", focused);
        Assert.Equal("spam", await StatusOfAsync(newer));
        Assert.Equal("approved", await StatusOfAsync(older));
        Assert.Contains("Approved: 1 comment.", notice);
        Assert.Contains("published your reply, marked as staff", replyNotice);
        Assert.Equal("approved", await StatusOfAsync(question));
        Assert.Empty(errors);
    }
}
