using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Microsoft.Extensions.DependencyInjection;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.Playwright;

namespace Broadsheet.BrowserTests;

/// <summary>
/// An editor's working day in Chromium: sign in, write an article with a paragraph pasted from a word processor and
/// an uploaded photo, preview it, publish it, and find it on the public site with its picture loaded. The admin's
/// pages pass axe-core at phone width too.
/// </summary>
public sealed class WritingInTheAdminInABrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?>());
    private string _origin = "";
    private readonly string _email = $"{BroadsheetApp.Unique("editor")}@example.org";
    private readonly string _adminEmail = $"{BroadsheetApp.Unique("admin")}@example.org";

    public async ValueTask InitializeAsync()
    {
        _origin = KestrelApp.Start(_app);
        using var scope = _app.Services.CreateScope();
        Assert.IsType<Saved<User>>(await scope.ServiceProvider.GetRequiredService<AccountEditing>().AddUserAsync(
            new NewUser { Email = _email, Password = Newsroom.Password, Role = UserRole.Editor, Name = "Ines Duarte" }, CancellationToken.None));
        Assert.IsType<Saved<User>>(await scope.ServiceProvider.GetRequiredService<AccountEditing>().AddUserAsync(
            new NewUser { Email = _adminEmail, Password = Newsroom.Password, Role = UserRole.Administrator, Name = "Ada Okafor" }, CancellationToken.None));
        await _app.CreateSectionAsync("Harbour");
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> SignedInAsync(int width = 1280, string? email = null)
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => errors.AddRange(message.Type == "error" ? [message.Text] : []);
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(_origin + "/admin/login");
        await page.FillAsync("#email", email ?? _email);
        await page.FillAsync("#password", Newsroom.Password);
        await page.ClickToAsync("button[type=submit]", _origin + "/admin/");
        return (context, page, errors);
    }

    [Fact]
    public async Task An_administrator_imports_a_wordpress_export_the_page_follows_it_by_itself_and_the_old_link_then_leads_to_the_story()
    {
        var (context, page, errors) = await SignedInAsync(email: _adminEmail);
        var export = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
            <channel><title>Old Gazette</title><link>https://old.example.org</link><wp:wxr_version>1.2</wp:wxr_version>
            <wp:author><wp:author_login>ada</wp:author_login><wp:author_display_name><![CDATA[Ada Lovelace]]></wp:author_display_name></wp:author>
            <item><title>Night ferry returns to the harbour</title><link>https://old.example.org/2024/07/night-ferry-returns/</link><dc:creator>ada</dc:creator>
            <content:encoded><![CDATA[The night ferry runs again from Friday.

            Tickets are on sale at the quay.]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
            <wp:post_id>5</wp:post_id><wp:post_date_gmt>2024-07-01 08:00:00</wp:post_date_gmt><wp:post_name>night-ferry-returns</wp:post_name><wp:status>publish</wp:status>
            <wp:post_type>post</wp:post_type><category domain="category" nicename="harbour"><![CDATA[Harbour]]></category></item>
            </channel></rss>
            """;
        await page.GotoAsync(_origin + "/admin/import");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "old-gazette.xml", MimeType = "text/xml", Buffer = System.Text.Encoding.UTF8.GetBytes(export) });
        await page.ClickAsync(".import-upload button[type=submit]");
        // No script: the page reloads itself while the run goes on, until the report is there.
        await page.Locator(".import-report").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var report = await page.Locator(".import-report").TextContentAsync();
        var state = await page.Locator(".import-run h3").First.TextContentAsync();
        var violations = await PageChecks.SeriousViolationsAsync(page);
        await page.GotoAsync(_origin + "/?p=5");
        var headline = await page.Locator("h1").First.TextContentAsync();
        await context.CloseAsync();

        Assert.Contains("old-gazette.xml (done)", state);
        Assert.Matches(@"posts\s+1\s+0\s+0\s+0", report);
        Assert.Empty(violations.EnumerateArray());
        Assert.Equal("Night ferry returns to the harbour", headline?.Trim());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_administrator_changes_the_tagline_in_settings_and_readers_see_it_while_a_bad_value_is_pointed_out()
    {
        var (context, page, errors) = await SignedInAsync(email: _adminEmail);
        var tagline = BroadsheetApp.Unique("News from the quay");
        await page.GotoAsync(_origin + "/admin/settings");
        await page.FillAsync("#Broadsheet-Comments-MaxLinks", "many");
        await page.FillAsync("#Broadsheet-Site-Tagline", tagline);
        await page.ClickAsync(".settings-form button[type=submit]");
        var message = await page.Locator("#setting-Broadsheet-Comments-MaxLinks .field-error").TextContentAsync();

        await page.FillAsync("#Broadsheet-Comments-MaxLinks", "3");
        await page.ClickToAsync(".settings-form button[type=submit]", new System.Text.RegularExpressions.Regex("done=saved"));
        await page.GotoAsync(_origin + "/");
        var shown = await page.Locator("body").TextContentAsync();
        await context.CloseAsync();

        Assert.Equal("“many” is not a whole number.", message?.Trim());
        Assert.Contains(tagline, shown);
        // The refused form came back as a 422, which Chromium logs; nothing else may.
        Assert.DoesNotContain(errors, e => !e.Contains("status of 422", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_editor_pastes_a_paragraph_uploads_a_photo_previews_publishes_and_sees_it_on_the_site()
    {
        var (context, page, errors) = await SignedInAsync();
        var headline = BroadsheetApp.Unique("Ferry returns to the harbour");
        await page.GotoAsync(_origin + "/admin/articles/new");
        await page.FillAsync("#title", headline);
        await page.FillAsync("#dek", "The crossing runs again after the storm.");
        await page.FocusAsync("#body");
        // What a word processor puts on the clipboard: styled HTML with its own markup around the words.
        await page.EvaluateAsync("""
            () => {
              const data = new DataTransfer();
              data.setData('text/html', '<html><body><!--StartFragment--><p class="MsoNormal" style="margin:0"><span style="font-family:Calibri">The ferry <b>sailed at dawn</b>, said <a href="https://example.org/port">the port office</a>.</span></p><!--EndFragment--></body></html>');
              data.setData('text/plain', 'The ferry sailed at dawn, said the port office.');
              document.getElementById('body').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """);
        var markdown = await page.InputValueAsync("#body");
        await page.ClickAsync("details.picture-upload summary");
        await page.SetInputFilesAsync("#featuredFile", new FilePayload { Name = "ferry.jpg", MimeType = "image/jpeg", Buffer = TestPictures.Jpeg(1800, 1200) });
        await page.FillAsync("#featuredAlt", "The ferry at the quay in morning light");
        await page.FillAsync("#featuredCredit", "Harbour Press");
        await page.ClickAsync("[data-preview-toggle]");
        await page.Locator("#preview strong").WaitForAsync();
        var preview = await page.InnerHTMLAsync("#preview");
        var editorViolations = await PageChecks.SeriousViolationsAsync(page);
        await PageChecks.ScreenshotsAsync(page, "admin-editor");
        await page.ClickToAsync("button[value=publish]", new System.Text.RegularExpressions.Regex("/admin/articles/\\d+\\?saved=publish"));
        var notice = await page.TextContentAsync(".notice");
        var siteLink = await page.GetAttributeAsync("a:text('View on the site')", "href");

        await page.GotoAsync(_origin + siteLink);
        var picture = page.Locator("article figure.picture img");
        await picture.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('article figure.picture img'); return i && i.complete && i.naturalWidth > 0; }");
        var loaded = await picture.EvaluateAsync<string>("i => i.currentSrc");
        var paragraph = await page.InnerHTMLAsync("article .article-body p");
        var articleViolations = await PageChecks.SeriousViolationsAsync(page);
        await page.GotoAsync(_origin + "/");
        var homePicture = await page.Locator(".article-card", new PageLocatorOptions { HasText = headline }).Locator("img").GetAttributeAsync("alt");
        await context.CloseAsync();

        Assert.Equal("The ferry **sailed at dawn**, said [the port office](https://example.org/port).", markdown);
        Assert.Contains("<strong>sailed at dawn</strong>", preview, StringComparison.Ordinal);
        Assert.Equal("Published.", notice?.Trim());
        Assert.Contains("/media/uploads/", loaded, StringComparison.Ordinal);
        Assert.EndsWith(".webp", loaded, StringComparison.Ordinal);
        Assert.Contains("<strong>sailed at dawn</strong>", paragraph, StringComparison.Ordinal);
        Assert.Equal("The ferry at the quay in morning light", homePicture);
        Assert.Empty(editorViolations.EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(articleViolations.EnumerateArray().Select(v => v.GetString()));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_article_list_the_desk_the_media_library_and_the_site_structure_pass_axe_at_phone_width()
    {
        var (context, page, errors) = await SignedInAsync(375);
        await page.GotoAsync(_origin + "/admin/media");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "quay.png", MimeType = "image/png", Buffer = TestPictures.Png(900, 600) });
        await page.FocusAsync("#alt");
        await page.Keyboard.TypeAsync("The harbour wall from the north pier");
        await page.PressToAsync("Enter", new System.Text.RegularExpressions.Regex("/admin/media/\\d+\\?done=uploaded"));
        var item = await PageChecks.SeriousViolationsAsync(page);
        await PageChecks.ScreenshotsAsync(page, "admin-media-item");
        await page.GotoAsync(_origin + "/admin/media");
        var library = await PageChecks.SeriousViolationsAsync(page);
        var shown = await page.Locator(".media-grid img").First.GetAttributeAsync("alt");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        await page.GotoAsync(_origin + "/admin/articles");
        var list = await PageChecks.SeriousViolationsAsync(page);
        await _app.CreateArticleAsync("harbour", new { status = "draft", title = "Quay wall: the pitch" });
        await page.GotoAsync(_origin + "/admin/desk");
        var desk = await PageChecks.SeriousViolationsAsync(page);
        var deskOverflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        var pitchCard = await page.Locator(".desk-column", new() { HasText = "Pitch" }).First.Locator(".desk-card h3").First.TextContentAsync();
        await PageChecks.ScreenshotsAsync(page, "admin-desk");
        var structure = new List<string>();
        foreach (var path in new[] { "/admin/sections", "/admin/tags", "/admin/authors", "/admin/pages", "/admin/pages/new" })
        {
            await page.GotoAsync(_origin + path);
            structure.AddRange((await PageChecks.SeriousViolationsAsync(page)).EnumerateArray().Select(v => $"{path}: {v.GetString()}"));
            if (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"))
            {
                structure.Add($"{path} scrolls sideways at 375 px");
            }
        }
        await page.GotoAsync(_origin + "/admin/sections");
        await page.ClickAsync("#section-list a, .section-list th a");
        await PageChecks.ScreenshotsAsync(page, "admin-section");
        structure.AddRange((await PageChecks.SeriousViolationsAsync(page)).EnumerateArray().Select(v => $"a section: {v.GetString()}"));
        await context.CloseAsync();

        Assert.Equal("The harbour wall from the north pier", shown);
        Assert.False(overflow, "the media library scrolls sideways at 375 px");
        Assert.Empty(item.EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(library.EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(list.EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(desk.EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(structure);
        Assert.False(deskOverflow, "the desk scrolls sideways at 375 px");
        Assert.Equal("Quay wall: the pitch", pitchCard?.Trim());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Text_typed_and_left_in_a_closed_tab_is_offered_back_on_another_device_and_restored()
    {
        var (context, page, errors) = await SignedInAsync();
        await page.GotoAsync(_origin + "/admin/articles/new");
        await page.FillAsync("#title", "Lifeboat crew honoured");
        await page.FillAsync("#body", "The crew was honoured on Friday.");
        await page.ClickToAsync("button[value=save]", new System.Text.RegularExpressions.Regex("/admin/articles/\\d+\\?saved=save"));
        var editorUrl = page.Url.Split('?')[0];
        await page.FillAsync("#body", "The crew was honoured on Friday.\n\nThey rescued eleven people this year.");
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });

        var (otherDevice, other, otherErrors) = await SignedInAsync();
        var offered = false;
        for (var attempt = 0; attempt < 20 && !offered; attempt++)
        {
            await other.GotoAsync(editorUrl);
            offered = await other.Locator(".autosave-offer").CountAsync() > 0;
            if (!offered)
            {
                await Task.Delay(500);
            }
        }
        Assert.True(offered, "the closed tab's text reached the server");
        await other.ClickToAsync(".autosave-offer a.button", new System.Text.RegularExpressions.Regex("autosave=restore"));
        var restored = await other.InputValueAsync("#body");
        await context.CloseAsync();
        await otherDevice.CloseAsync();

        Assert.Contains("They rescued eleven people this year.", restored, StringComparison.Ordinal);
        Assert.Empty(errors);
        Assert.Empty(otherErrors);
    }
}
