using System.Text.RegularExpressions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.BrowserTests;

/// <summary>The comment form as readers use it, with its script and without.</summary>
public sealed class CommentingInABrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
    });

    private string _origin = "";
    private string _articlePath = "";
    private string _sectionPath = "";
    private readonly List<string> _consoleErrors = [];

    public async ValueTask InitializeAsync()
    {
        _origin = KestrelApp.Start(_app);
        var section = await _app.CreateSectionAsync("Harbours");
        var article = await _app.CreateArticleAsync(section.Str("slug"), new { title = "Ferry timetable changes" });
        _sectionPath = BroadsheetApp.PathOf(section);
        _articlePath = BroadsheetApp.PathOf(article);
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>People take a while to write; the form's signed timestamp reads the app's (fake) clock.</summary>
    private void TakeTimeToWrite() => _app.Clock.Advance(TimeSpan.FromSeconds(40));

    /// <summary>Sends the form and waits for the redirect to the new comment; if the site showed the form again, says what it answered.</summary>
    private static async Task PostAsync(IPage page)
    {
        try
        {
            await page.ClickToAsync("#commentform button[type=submit]", new Regex("#comment-\\d+$"));
        }
        catch (PlaywrightException)
        {
            var messages = await page.Locator(".form-error, .field-error:not(:empty)").AllTextContentsAsync();
            Assert.Fail($"The comment was not posted; the page at {page.Url} says: {string.Join(" / ", messages)}");
        }
    }

    private async Task<IPage> OpenAsync(bool javaScript, string? path = null)
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add($"{message.Text} {message.Location}");
            }
        };
        await page.GotoAsync(_origin + (path ?? _articlePath));
        return page;
    }

    [Fact]
    public async Task With_javascript_the_messages_appear_before_anything_is_sent()
    {
        var page = await OpenAsync(javaScript: true);
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;

        await page.FillAsync("#email", "not-an-email");
        await page.ClickAsync("#commentform button[type=submit]");

        Assert.Equal("Please enter your comment!", await page.TextContentAsync("#comment-error"));
        Assert.Equal("Please enter your name here", await page.TextContentAsync("#name-error"));
        Assert.Equal("You have entered an incorrect email address!", await page.TextContentAsync("#email-error"));
        Assert.Equal(0, posts);
        Assert.Equal("comment", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Without_javascript_the_server_answers_with_the_same_messages()
    {
        var page = await OpenAsync(javaScript: false);

        await page.FillAsync("#email", "not-an-email");
        await page.ClickAsync("#commentform button[type=submit]");

        Assert.Equal("Please enter your comment!", (await page.TextContentAsync("#comment-error"))?.Trim());
        Assert.Equal("Please enter your name here", (await page.TextContentAsync("#name-error"))?.Trim());
        Assert.Equal("You have entered an incorrect email address!", (await page.TextContentAsync("#email-error"))?.Trim());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reader_goes_from_home_to_an_article_comments_and_replies(bool javaScript)
    {
        var page = await OpenAsync(javaScript, "/");
        var words = javaScript ? "scripted" : "plain";
        await page.ClickToAsync($"nav[aria-label=Sections] a[href='{_sectionPath}']", _origin + _sectionPath);
        await page.ClickToAsync($".article-list a[href='{_articlePath}']", _origin + _articlePath);

        await page.FillAsync("#comment", $"The {words} timetable is worse for commuters.");
        await page.FillAsync("#name", "Noor");
        await page.FillAsync("#email", $"noor-{words}@example.org");
        await page.CheckAsync("#remember");
        TakeTimeToWrite();
        await PostAsync(page);
        var topId = page.Url.Split("#comment-")[1];

        await page.ClickAsync($"#comment-{topId} a.reply-link");
        if (javaScript)
        {
            Assert.True(await page.IsVisibleAsync($"#comment-{topId} #respond"));
            Assert.True(await page.IsVisibleAsync("#cancel-reply"));
            Assert.Equal("Noor", await page.InputValueAsync("#name"));
        }
        await page.FillAsync("#comment", $"Replying, {words}.");
        await page.FillAsync("#name", "Sami");
        await page.FillAsync("#email", $"sami-{words}@example.org");
        TakeTimeToWrite();
        await page.ClickToAsync("#commentform button[type=submit]", new Regex($"#comment-(?!{topId}$)\\d+$"));

        Assert.Equal($"Replying, {words}.", (await page.TextContentAsync($"#comment-{topId} .children .comment-content"))?.Trim());
        Assert.Empty(_consoleErrors);
    }
}
