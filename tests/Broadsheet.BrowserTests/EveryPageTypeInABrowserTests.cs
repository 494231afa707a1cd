using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.BrowserTests;

/// <summary>
/// Every kind of page on the demo newsroom in a real browser: no console errors, no serious or critical axe-core
/// violations, and screenshots at phone, tablet and desktop widths (saved under artifacts/screenshots).
/// </summary>
public sealed class EveryPageTypeInABrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:SeedDemoContent"] = "true",
        ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
        ["Broadsheet:BootstrapAdmin:Email"] = "desk@example.org",
        ["Broadsheet:BootstrapAdmin:Password"] = "a long admin passphrase",
    });

    private string _origin = "";
    private Dictionary<string, string> _pages = [];

    public async ValueTask InitializeAsync()
    {
        _origin = KestrelApp.Start(_app);
        var reader = _app.Anonymous();
        var article = (await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync("/api/v1/articles?section=russia&limit=1"), 200)).GetProperty("items")[0];
        await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "A comment, so the page shows a thread."));
        // A correction and an update, so the article page shows both kinds of note and the log has entries.
        await BroadsheetApp.ExpectJsonAsync(await _app.Editor().PostAsJsonAsync($"/api/v1/articles/{article.Id()}/corrections",
            new { kind = "correction", text = "An earlier version gave the wrong date for the vote." }), 201);
        await BroadsheetApp.ExpectJsonAsync(await _app.Editor().PostAsJsonAsync($"/api/v1/articles/{article.Id()}/corrections",
            new { kind = "update", text = "The council has since confirmed the result." }), 201);
        _pages = new Dictionary<string, string>
        {
            ["home"] = "/",
            ["section"] = "/europe/",
            ["nested-section"] = "/europe/russia/",
            ["article"] = BroadsheetApp.PathOf(article),
            ["tag"] = $"/tag/{article.GetProperty("tags")[0].GetString()?.ToLowerInvariant().Replace(' ', '-')}/",
            ["author"] = $"/author/{article.GetProperty("authors")[0].GetString()?.ToLowerInvariant().Replace(' ', '-')}/",
            ["archive"] = $"/{_app.Clock.GetUtcNow():yyyy}/",
            ["search"] = "/search?q=harbour",
            ["static-page"] = "/about/",
            ["privacy"] = "/privacy/",
            ["corrections"] = "/corrections/",
            ["newsletters"] = "/newsletters/",
            ["not-found"] = "/no/such/page/",
            ["admin-login"] = "/admin/login",
        };
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    public static TheoryData<string> PageTypes() =>
        ["home", "section", "nested-section", "article", "tag", "author", "archive", "search", "static-page", "privacy", "corrections", "newsletters", "not-found", "admin-login"];

    [Theory]
    [MemberData(nameof(PageTypes))]
    public async Task A_page_has_no_console_errors_and_no_serious_accessibility_violations(string pageType)
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !(pageType == "not-found" && message.Text.Contains("404", StringComparison.Ordinal)))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(_origin + _pages[pageType]);
        var violations = await PageChecks.SeriousViolationsAsync(page);
        await PageChecks.ScreenshotsAsync(page, pageType);
        await context.CloseAsync();

        Assert.Empty(errors);
        Assert.Empty(violations.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Signed_in_admin_pages_have_no_console_errors_and_no_serious_accessibility_violations()
    {
        var article = (await BroadsheetApp.ExpectJsonAsync(await _app.Anonymous().GetAsync("/api/v1/articles?limit=1"), 200)).GetProperty("items")[0];
        _app.Clock.Advance(TimeSpan.FromMinutes(1)); // past flood control: every request here comes from 127.0.0.1
        var (_, spam) = await _app.Anonymous().PostCommentAsync(article.Id(),
            CommentForms.Comment(comment: "Check out my channel!!! Subscribe now for free gift cards http://free-gifts.example/win"));
        var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => errors.AddRange(message.Type == "error" ? [message.Text] : []);
        await page.GotoAsync(_origin + "/admin/");
        await page.FillAsync("#email", "desk@example.org");
        await page.FillAsync("#password", "a long admin passphrase");
        await page.ClickToAsync("button[type=submit]", _origin + "/admin/");

        var violations = new List<string>();
        async Task CheckAsync(string name)
        {
            violations.AddRange((await PageChecks.SeriousViolationsAsync(page)).EnumerateArray().Select(v => $"{name}: {v.GetString()}"));
            await PageChecks.ScreenshotsAsync(page, name);
        }
        await CheckAsync("admin-dashboard");
        await page.GotoAsync(_origin + "/admin/spam/");
        var rows = await page.Locator(".admin-table tbody tr[id^=spam-]").CountAsync();
        await CheckAsync("admin-spam");
        foreach (var (path, name) in new[] { ("/admin/comments", "admin-comments"), ("/admin/settings", "admin-settings"), ("/admin/users", "admin-people"), ("/admin/activity", "admin-activity"), ("/admin/import", "admin-import"), ("/admin/newsletters", "admin-newsletters"), ("/admin/newsletters/1", "admin-newsletter"), ($"/admin/articles/{article.Id()}/corrections", "admin-corrections") })
        {
            await page.GotoAsync(_origin + path);
            await CheckAsync(name);
        }
        await page.GotoAsync(_origin + "/admin/users");
        await page.ClickToAsync(".people-list tbody th a", new System.Text.RegularExpressions.Regex("/admin/users/\\d+$"));
        await CheckAsync("admin-person");
        await context.CloseAsync();

        Assert.Empty(errors);
        Assert.Empty(violations);
        Assert.Equal("spam", spam.Str("status"));
        Assert.True(rows >= 1);
    }

    [Fact]
    public async Task The_accessibility_check_catches_a_violation_when_there_is_one()
    {
        var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_origin + "/");

        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('afterbegin', '<img src=\\'/favicon.svg\\'><a href=\\'/\\'></a>')");
        var violations = await PageChecks.SeriousViolationsAsync(page);

        Assert.Contains(violations.EnumerateArray(), v => v.GetString()?.StartsWith("image-alt", StringComparison.Ordinal) == true);
        await context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_section_menu_folds_into_a_button()
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_origin + "/");

        var hiddenBefore = await page.IsHiddenAsync("#site-nav-list a[href='/europe/']");
        await page.ClickAsync(".nav-toggle");
        var visibleAfter = await page.IsVisibleAsync("#site-nav-list a[href='/europe/']");
        await page.ClickToAsync("#site-nav-list a[href='/europe/']", _origin + "/europe/");

        Assert.True(hiddenBefore);
        Assert.True(visibleAfter);
        Assert.Equal("Europe", (await page.TextContentAsync("h1"))?.Trim());
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_reader_goes_from_home_to_a_section_to_an_article()
    {
        var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_origin + "/");

        await page.ClickToAsync("nav[aria-label=Sections] a[href='/europe/']", _origin + "/europe/");
        var headline = (await page.TextContentAsync(".article-list h3 a"))?.Trim();
        await page.ClickAsync(".article-list h3 a");
        await page.WaitForSelectorAsync("article.article h1");

        Assert.Equal(headline, (await page.TextContentAsync("article.article h1"))?.Trim());
        Assert.Equal("Home", (await page.TextContentAsync("nav[aria-label=Breadcrumb] li a"))?.Trim());
        await context.CloseAsync();
    }
}
