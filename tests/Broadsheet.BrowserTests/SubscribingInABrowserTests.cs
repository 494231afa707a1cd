using System.Globalization;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.BrowserTests;

/// <summary>The newsletter sign-up form as readers use it, with its script (answered in place) and without (a page).</summary>
public sealed class SubscribingInABrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly SmtpServer _smtp = new();
    private BroadsheetApp _app = null!;
    private string _origin = "";
    private string _articlePath = "";

    public async ValueTask InitializeAsync()
    {
        _app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
            ["Broadsheet:Notifications:SmtpPort"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        });
        _origin = KestrelApp.Start(_app);
        var section = await _app.CreateSectionAsync("Harbours");
        _articlePath = BroadsheetApp.PathOf(await _app.CreateArticleAsync(section.Str("slug"), new { title = "Ferry timetable changes" }));
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        _smtp.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task With_javascript_the_form_under_an_article_answers_in_place()
    {
        var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };
        await page.GotoAsync(_origin + _articlePath);
        var box = page.Locator("section.subscribe-box");

        await box.Locator("button[type=submit]").ClickAsync();
        var noList = await box.Locator(".subscribe-status").TextContentAsync();
        await box.Locator("input[name=list]").First.CheckAsync();
        await box.Locator("input[type=email]").FillAsync("reader@example.org");
        await box.Locator("button[type=submit]").ClickAsync();
        await box.Locator(".subscribe-status", new LocatorLocatorOptions { HasTextString = "check your inbox" }).WaitForAsync();
        var confirmation = (await _smtp.MessagesToAsync("reader@example.org")).Single();

        Assert.Equal("Please choose at least one newsletter.", noList);
        Assert.Equal(_origin + _articlePath, page.Url);
        Assert.False(await box.Locator("input[type=email]").IsVisibleAsync());
        Assert.Contains("/newsletters/confirm?", confirmation.TextBody);
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_form_on_the_front_page_answers_with_a_page()
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_origin + "/");
        var box = page.Locator("section.subscribe-box");

        await box.Locator("input[type=email]").FillAsync("no-script@example.org");
        await page.ClickToAsync("section.subscribe-box button[type=submit]", _origin + "/newsletters/?done=check-inbox");
        var message = await page.Locator("[role=status]").First.TextContentAsync();
        await page.Locator("input[type=email]").FillAsync("not an address");
        await page.Locator("input[name=list]").First.CheckAsync();
        await page.Locator("form[data-newsletter-form] button[type=submit]").ClickAsync();
        var error = await page.Locator("#newsletter-email-error").TextContentAsync();

        Assert.Contains("Please check your inbox", message);
        Assert.Single(await _smtp.MessagesToAsync("no-script@example.org"));
        Assert.Equal("Please give an email address, such as name@example.org.", error?.Trim());
        await context.CloseAsync();
    }
}
