using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broadsheet.Tests.Admin;

/// <summary>
/// /admin/settings: saved in the database, in force at once without a restart, checked with the field's message
/// (the old value kept), and outranked by settings files and environment variables, which the page names.
/// </summary>
public sealed class SettingsTests : IClassFixture<SmtpServer>
{
    private readonly SmtpServer _smtp;

    public SettingsTests(SmtpServer smtp) => _smtp = smtp;

    /// <summary>A site whose title and mail are left to the settings page (the test apps otherwise set a title).</summary>
    private static BroadsheetApp NewSite()
    {
        var site = new BroadsheetApp();
        site.Settings.Remove("Broadsheet:Site:Title");
        return site;
    }

    private static async Task<HttpResponseMessage> SaveAsync(HttpClient admin, Dictionary<string, string> changes)
    {
        var page = await HtmlPage.GetAsync(admin, "/admin/settings");
        var fields = Newsroom.FieldsOf(page.QuerySelector("form.settings-form")!);
        foreach (var (key, value) in changes)
        {
            if (value == "(unticked)")
            {
                fields.Remove(key);
            }
            else
            {
                fields[key] = value;
            }
        }
        return await admin.PostAsync("/admin/settings", new FormUrlEncodedContent(fields));
    }

    private static string FieldError(AngleSharp.Dom.IDocument page, string key) =>
        page.QuerySelector($"#setting-{key.Replace(':', '-')} .field-error").Text();

    [Fact]
    public async Task A_new_title_tagline_menu_and_time_zone_show_on_the_public_pages_at_once_and_are_logged()
    {
        using var site = NewSite();
        var admin = await site.MemberAsync(UserRole.Administrator, "Ada Admin");
        var reader = site.Anonymous();
        var before = await HtmlPage.GetAsync(reader, "/");
        Assert.Contains("Broadsheet", before.Title);

        var saved = await SaveAsync(admin.Admin, new()
        {
            ["Broadsheet:Site:Title"] = "The Harbour Herald",
            ["Broadsheet:Site:Tagline"] = "News from the quay",
            ["Broadsheet:Site:Navigation"] = "Weather | /weather\nAbout us | /about",
            ["Broadsheet:Site:TimeZone"] = "Pacific/Auckland",
            ["Broadsheet:Site:AccentColor"] = "#1c4b9b",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await HtmlPage.GetAsync(reader, "/");
        Assert.Contains("The Harbour Herald", after.Title);
        Assert.Contains("News from the quay", after.Body!.TextContent);
        Assert.Equal(["Weather", "About us"], after.QuerySelectorAll("nav.sections a").Select(a => a.Text()).Take(2));
        // Noon UTC on July 18 is already the 19th in Auckland.
        Assert.Contains("July 19, 2024", after.Body.TextContent);
        var page = await HtmlPage.GetAsync(admin.Admin, "/admin/settings");
        Assert.Equal("Saved here.", page.QuerySelector("#Broadsheet-Site-Title-source").Text());
        Assert.Equal("The default.", page.QuerySelector("#Broadsheet-Comments-MaxLinks-source").Text());
        var activity = await HtmlPage.GetAsync(admin.Admin, "/admin/activity?group=setting.");
        Assert.Contains(activity.Texts(".activity-list tbody tr"), r => r.Contains("Ada Admin") && r.Contains("Site title: “Broadsheet” → “The Harbour Herald”"));
        Assert.Contains(activity.Texts(".activity-list tbody tr"), r => r.Contains("Time zone: “UTC” → “Pacific/Auckland”"));
    }

    [Fact]
    public async Task An_uploaded_logo_joins_the_media_library_and_replaces_the_title_in_the_masthead()
    {
        using var site = NewSite();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var form = await HtmlPage.GetAsync(admin.Admin, "/admin/settings");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Newsroom.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(Media.TestPictures.Png(960, 240)), "logo", "masthead.png" },
        };

        var saved = await admin.Admin.PostAsync("/admin/settings?handler=Logo", upload);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var logo = (await HtmlPage.GetAsync(site.Anonymous(), "/")).QuerySelector("header img");
        Assert.NotNull(logo);
        Assert.StartsWith("/media/", logo.GetAttribute("src"));
        Assert.Equal("240", logo.GetAttribute("width"));
        Assert.Equal("60", logo.GetAttribute("height"));
        Assert.Equal(HttpStatusCode.OK, (await site.Anonymous().GetAsync(logo.GetAttribute("src"))).StatusCode);
        using var notAPicture = new MultipartFormDataContent
        {
            { new StringContent(Newsroom.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent("<svg onload=alert(1)>"u8.ToArray()), "logo", "logo.png" },
        };
        var refused = await admin.Admin.PostAsync("/admin/settings?handler=Logo", notAPicture);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.NotEmpty((await HtmlPage.ParseAsync(refused)).QuerySelector("#logo + .field-error").Text());
    }

    [Fact]
    public async Task Comment_rules_change_for_the_very_next_comment()
    {
        using var site = NewSite();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var article = await site.CreateArticleAsync((await site.CreateSectionAsync()).Str("slug"));
        var reader = site.Anonymous();
        var (first, firstComment) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Is the casino opening on the pier?"));
        Assert.Equal(201, first);
        Assert.Equal("pending", firstComment.Str("status"));

        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(admin.Admin, new()
        {
            ["Broadsheet:Comments:ModerationWords"] = "casino\nlottery",
            ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "(unticked)",
            ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
        })).StatusCode);

        var options = site.Services.GetRequiredService<IOptionsMonitor<CommentsOptions>>().CurrentValue;
        Assert.Equal(["casino", "lottery"], options.ModerationWords);
        Assert.False(options.HoldFirstTimeCommenters);
        Assert.Equal(0, options.FloodIntervalSeconds);
        var (_, heldComment) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(name: "Sam Quay", email: "sam@example.org", comment: "The casino plan again."));
        var (_, plainComment) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(name: "Pat Pier", email: "pat@example.org", comment: "Good to see the pier open."));
        Assert.Equal("pending", heldComment.Str("status"));
        Assert.Equal("approved", plainComment.Str("status"));

        // A shorter list replaces the longer one whole; a changed number replaces the saved one.
        await SaveAsync(admin.Admin, new() { ["Broadsheet:Comments:ModerationWords"] = "lottery", ["Broadsheet:Comments:FloodIntervalSeconds"] = "30" });
        var changed = site.Services.GetRequiredService<IOptionsMonitor<CommentsOptions>>().CurrentValue;
        Assert.Equal(["lottery"], changed.ModerationWords);
        Assert.Equal(30, changed.FloodIntervalSeconds);
    }

    [Fact]
    public async Task A_value_the_site_would_refuse_gets_the_fields_message_and_nothing_is_saved()
    {
        using var site = NewSite();
        var admin = await site.MemberAsync(UserRole.Administrator);
        await SaveAsync(admin.Admin, new() { ["Broadsheet:Site:Title"] = "The Harbour Herald" });

        var refused = await SaveAsync(admin.Admin, new()
        {
            ["Broadsheet:Site:Title"] = "A title that must not be saved",
            ["Broadsheet:Site:TimeZone"] = "Mars/Olympus_Mons",
            ["Broadsheet:Site:AccentColor"] = "red",
            ["Broadsheet:Site:Navigation"] = "Weather /weather",
            ["Broadsheet:Comments:MaxLinks"] = "many",
            ["Broadsheet:Comments:FloodIntervalSeconds"] = "100000",
            ["Broadsheet:Spam:HoldScore"] = "0.95",
            ["Broadsheet:Spam:QueueScore"] = "0,9",
            ["Broadsheet:Notifications:From"] = "not an address",
            ["Broadsheet:Spam:Akismet:BaseUrl"] = "javascript:alert(1)",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await HtmlPage.ParseAsync(refused);
        Assert.Equal("'Mars/Olympus_Mons' is not a known time zone id.", FieldError(page, "Broadsheet:Site:TimeZone"));
        Assert.Equal("Must look like #9b1c1c.", FieldError(page, "Broadsheet:Site:AccentColor"));
        Assert.Equal("Line 1: please write it as “Title | /address”.", FieldError(page, "Broadsheet:Site:Navigation"));
        Assert.Equal("“many” is not a whole number.", FieldError(page, "Broadsheet:Comments:MaxLinks"));
        Assert.Equal("Please give an address starting with https:// (or /, on this site).", FieldError(page, "Broadsheet:Spam:Akismet:BaseUrl"));
        // What was typed stays in the form, to be corrected.
        Assert.Equal("A title that must not be saved", page.QuerySelector("#Broadsheet-Site-Title")!.GetAttribute("value"));

        var fixedFormat = await SaveAsync(admin.Admin, new()
        {
            ["Broadsheet:Comments:FloodIntervalSeconds"] = "100000", ["Broadsheet:Spam:HoldScore"] = "0.95", ["Broadsheet:Spam:QueueScore"] = "0,9",
            ["Broadsheet:Notifications:From"] = "not an address",
        });
        var second = await HtmlPage.ParseAsync(fixedFormat);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fixedFormat.StatusCode);
        Assert.Equal("Must be between 0 and 3600.", FieldError(second, "Broadsheet:Comments:FloodIntervalSeconds"));
        Assert.StartsWith("Must not be below", FieldError(second, "Broadsheet:Spam:QueueScore"));
        Assert.StartsWith("'not an address' is not an email address", FieldError(second, "Broadsheet:Notifications:From"));

        Assert.Equal("The Harbour Herald", site.Services.GetRequiredService<IOptionsMonitor<SiteOptions>>().CurrentValue.Title);
        Assert.Equal("UTC", site.Services.GetRequiredService<IOptionsMonitor<SiteOptions>>().CurrentValue.TimeZone);
        Assert.Equal(15, site.Services.GetRequiredService<IOptionsMonitor<CommentsOptions>>().CurrentValue.FloodIntervalSeconds);
        Assert.Contains("The Harbour Herald", (await HtmlPage.GetAsync(site.Anonymous(), "/")).Title);
    }

    [Fact]
    public async Task A_value_from_configuration_wins_and_the_page_says_where_it_is_set()
    {
        // The test app sets the title in its configuration (the test host hands it over as command-line arguments), as an operator's file or variable would.
        using var site = new BroadsheetApp();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var page = await HtmlPage.GetAsync(admin.Admin, "/admin/settings");
        Assert.Equal("Set on the command line: change it there.", page.QuerySelector("#Broadsheet-Site-Title-source").Text());
        Assert.True(page.QuerySelector("#Broadsheet-Site-Title")!.HasAttribute("readonly"));

        await SaveAsync(admin.Admin, new() { ["Broadsheet:Site:Title"] = "Not this one", ["Broadsheet:Site:Tagline"] = "But this one" });

        var home = await HtmlPage.GetAsync(site.Anonymous(), "/");
        Assert.Contains("The Test Gazette", home.Title);
        Assert.Contains("But this one", home.Body!.TextContent);
        using var scope = site.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().StoredSettings.AnyAsync(s => s.Key == "Broadsheet:Site:Title"));
    }

    [Fact]
    public async Task The_smtp_password_is_stored_encrypted_never_shown_kept_when_left_empty_and_the_test_email_arrives()
    {
        using var site = NewSite();
        var admin = await site.MemberAsync(UserRole.Administrator);
        const string password = "smtp-secret-hunter2";
        await SaveAsync(admin.Admin, new()
        {
            ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
            ["Broadsheet:Notifications:SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Broadsheet:Notifications:SmtpPassword"] = password,
            ["Broadsheet:Notifications:From"] = "The Harbour Herald <desk@harbour.example>",
        });
        await SaveAsync(admin.Admin, new() { ["Broadsheet:Site:Tagline"] = "Saved again, password left empty" });

        var page = await HtmlPage.GetAsync(admin.Admin, "/admin/settings");
        Assert.DoesNotContain(password, page.Source.Text);
        Assert.Equal("(set: leave empty to keep it)", page.QuerySelector("#Broadsheet-Notifications-SmtpPassword")!.GetAttribute("placeholder"));
        Assert.Equal(password, site.Services.GetRequiredService<IOptionsMonitor<NotificationsOptions>>().CurrentValue.SmtpPassword);
        using (var scope = site.Services.CreateScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().StoredSettings.SingleAsync(s => s.Key == "Broadsheet:Notifications:SmtpPassword");
            Assert.True(row.IsSecret);
            Assert.DoesNotContain(password, row.Value);
        }

        var sent = await Newsroom.PostFormAsync(admin.Admin, "/admin/settings", "/admin/settings?handler=TestEmail", []);
        var answer = await HtmlPage.ParseAsync(sent);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal($"Sent to {admin.Email}: check that it arrived.", answer.QuerySelector(".test-email [role=status]").Text());
        var message = Assert.Single(await _smtp.MessagesToAsync(admin.Email));
        Assert.Equal("A test email from Broadsheet", message.Subject);
        Assert.Equal("desk@harbour.example", message.From.Mailboxes.Single().Address);

        await SaveAsync(admin.Admin, new() { ["Broadsheet:Notifications:SmtpPassword:clear"] = "true" });
        Assert.Null(site.Services.GetRequiredService<IOptionsMonitor<NotificationsOptions>>().CurrentValue.SmtpPassword);
    }

    [Fact]
    public async Task A_test_email_the_server_refuses_says_why()
    {
        using var site = NewSite();
        var admin = await site.MemberAsync(UserRole.Administrator);
        await SaveAsync(admin.Admin, new()
        {
            ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
            ["Broadsheet:Notifications:SmtpPort"] = SmtpServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var sent = await Newsroom.PostFormAsync(admin.Admin, "/admin/settings", "/admin/settings?handler=TestEmail", []);

        Assert.Equal(HttpStatusCode.BadGateway, sent.StatusCode);
        Assert.StartsWith("Not sent: ", (await HtmlPage.ParseAsync(sent)).QuerySelector(".test-email [role=alert]").Text());
    }

    [Fact]
    public async Task Another_node_on_the_same_database_follows_a_save_without_a_restart()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        try
        {
            using var first = BroadsheetApp.At(directory);
            first.Settings.Remove("Broadsheet:Site:Title");
            using var second = BroadsheetApp.At(directory);
            second.Settings.Remove("Broadsheet:Site:Title");
            var admin = await first.MemberAsync(UserRole.Administrator);
            Assert.Contains("Broadsheet", (await HtmlPage.GetAsync(second.Anonymous(), "/")).Title);

            await SaveAsync(admin.Admin, new() { ["Broadsheet:Site:Title"] = "The Harbour Herald" });

            // Without Redis nobody announces the save: the other node reads the settings again every 30 seconds.
            second.Clock.Advance(TimeSpan.FromSeconds(31));
            var title = second.Services.GetRequiredService<IOptionsMonitor<SiteOptions>>();
            for (var i = 0; i < 100 && title.CurrentValue.Title != "The Harbour Herald"; i++)
            {
                await Task.Delay(50);
            }
            Assert.Equal("The Harbour Herald", title.CurrentValue.Title);
            // Its own cached pages went with the old settings.
            Assert.Contains("The Harbour Herald", (await HtmlPage.GetAsync(second.Anonymous(), "/")).Title);
        }
        finally
        {
            BroadsheetApp.DeleteDataDirectory(directory);
        }
    }
}
