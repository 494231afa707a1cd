using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;
using static Broadsheet.Tests.Newsletters.NewsletterReaders;

namespace Broadsheet.Tests.Newsletters;

public sealed class SubscribingTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    [Fact]
    public async Task A_reader_signs_up_on_the_front_page_without_javascript_and_is_subscribed_only_once_they_confirm()
    {
        using var app = App(smtp);
        await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();
        var front = await HtmlPage.GetAsync(reader, "/");
        var form = front.QuerySelector("section.subscribe-box form")!;
        var fields = form.QuerySelectorAll("input[name=list]:checked").Select(i => new KeyValuePair<string, string>("list", i.GetAttribute("value")!)).ToList();
        fields.Add(new("email", "  Ada@Example.org "));

        var answer = await reader.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
        var thanks = await HtmlPage.GetAsync(reader, answer.Headers.Location!.OriginalString);
        var confirmation = (await smtp.MessagesToAsync("ada@example.org")).Single();
        var beforeConfirming = await app.Editor().GetAsync("/api/v1/privacy/subscribers?email=ada@example.org");
        var confirmed = await HtmlPage.GetAsync(reader, LinkTo(confirmation, "/newsletters/confirm"));
        var export = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync("/api/v1/privacy/subscribers?email=ada@example.org"), 200);

        Assert.Equal("/newsletters/", form.GetAttribute("action"));
        Assert.Equal(["The daily briefing"], form.QuerySelectorAll("input[name=list]:checked").Select(i => i.ParentElement!.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Contains("Please check your inbox", thanks.QuerySelector("[role=status]").Text());
        Assert.Equal("Please confirm your subscription to The Test Gazette", confirmation.Subject);
        Assert.NotNull(confirmation.HtmlBody);
        Assert.Contains("“The daily briefing”", confirmation.TextBody);
        Assert.Empty((await BroadsheetApp.ExpectJsonAsync(beforeConfirming, 200)).GetProperty("subscriptions").EnumerateArray());
        Assert.Equal("You are subscribed", confirmed.QuerySelector("h1").Text());
        Assert.Contains("“The daily briefing”", confirmed.QuerySelector("main").Text());
        Assert.Equal(["The daily briefing"], export.GetProperty("subscriptions").EnumerateArray().Select(s => s.Str("list")));
        Assert.Equal(JsonValueKind.Null, export.GetProperty("subscriptions")[0].GetProperty("leftAt").ValueKind);
    }

    [Fact]
    public async Task A_site_without_a_mail_server_offers_no_newsletters_and_takes_no_sign_ups()
    {
        using var app = new BroadsheetApp();
        await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();

        var front = await HtmlPage.GetAsync(reader, "/");
        var page = await HtmlPage.GetAsync(reader, "/newsletters/");
        var posted = await SignUpAsync(reader, "hopeful@example.org", "1");
        var alert = await app.Editor().PostAsJsonAsync("/api/v1/newsletters/alerts", new { articleId = 1 });

        Assert.Null(front.QuerySelector("section.subscribe-box"));
        Assert.Null(page.QuerySelector("form[data-newsletter-form]"));
        Assert.Contains("not available on this site yet", page.QuerySelector("[role=status]").Text());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains("No mail server is set", (await BroadsheetApp.ExpectJsonAsync(alert, 422)).GetProperty("errors").GetProperty("articleId")[0].GetString());
    }

    [Fact]
    public async Task The_sign_up_form_is_under_articles_and_on_section_pages_with_the_sections_own_newsletter_ticked()
    {
        using var app = App(smtp);
        var section = await app.CreateSectionAsync();
        var editor = await app.MemberAsync(Broadsheet.Accounts.UserRole.Editor);
        var created = await Newsroom.PostFormAsync(editor.Admin, "/admin/newsletters", "/admin/newsletters", new()
        {
            ["Input.Name"] = "Harbour weekly", ["Input.Section"] = section.Str("slug"), ["Input.SendAt"] = "18:30",
        });
        var article = await app.CreateArticleAsync(section.Str("slug"));

        var sectionPage = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(section));
        var articlePage = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));
        var front = await HtmlPage.GetAsync(app.Anonymous(), "/");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        foreach (var page in new[] { sectionPage, articlePage })
        {
            var form = page.QuerySelector("section.subscribe-box form")!;
            Assert.Equal(["The daily briefing", "Breaking news", "Harbour weekly"], form.QuerySelectorAll("input[name=list]").Select(i => i.ParentElement!.TextContent.Trim()));
            Assert.Equal(["Harbour weekly"], form.QuerySelectorAll("input[name=list]:checked").Select(i => i.ParentElement!.TextContent.Trim()));
        }
        Assert.DoesNotContain("Harbour weekly", front.QuerySelector("section.subscribe-box").Text());
    }

    [Fact]
    public async Task Bad_addresses_and_no_choice_are_answered_next_to_the_field_and_the_json_answer_says_the_same()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);

        var invalid = await SignUpAsync(reader, "not an address", lists["The daily briefing"]);
        var throwaway = await SignUpAsync(reader, "someone@mailinator.com", lists["The daily briefing"]);
        var noList = await SignUpAsync(reader, "nolist@example.org");
        var json = new HttpRequestMessage(HttpMethod.Post, "/newsletters/")
        {
            Content = new FormUrlEncodedContent([new("email", "x@"), new("list", lists["Breaking news"])]),
        };
        json.Headers.Accept.ParseAdd("application/json");
        var jsonAnswer = await reader.SendAsync(json);
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/newsletters/") { Content = new FormUrlEncodedContent([new("email", "victim@example.org"), new("list", lists["Breaking news"])]) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        var crossSiteAnswer = await reader.SendAsync(crossSite);
        await Task.Delay(300);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var invalidPage = await HtmlPage.ParseAsync(invalid);
        Assert.Equal("Please give an email address, such as name@example.org.", invalidPage.QuerySelector("#newsletter-email-error").Text());
        Assert.Equal("not an address", invalidPage.QuerySelector("#newsletter-email")!.GetAttribute("value"));
        Assert.NotNull(invalidPage.QuerySelector($"input[name=list][value='{lists["The daily briefing"]}']:checked"));
        Assert.Contains("throwaway address", (await HtmlPage.ParseAsync(throwaway)).QuerySelector("#newsletter-email-error").Text());
        Assert.Equal("Please choose at least one newsletter.", (await HtmlPage.ParseAsync(noList)).QuerySelector("#lists-error").Text());
        var errors = (await BroadsheetApp.ExpectJsonAsync(jsonAnswer, 422)).GetProperty("errors");
        Assert.Equal("Please give an email address, such as name@example.org.", errors.GetProperty("email")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, crossSiteAnswer.StatusCode);
        Assert.Empty(smtp.MessagesTo("someone@mailinator.com"));
        Assert.Empty(smtp.MessagesTo("nolist@example.org"));
        Assert.Empty(smtp.MessagesTo("victim@example.org"));
    }

    [Fact]
    public async Task Signing_up_again_and_again_sends_one_confirmation_an_hour_and_the_answer_never_says_whether_the_address_is_known()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "known@example.org", lists["Breaking news"]);

        var known = await SignUpAsync(reader, "known@example.org", lists["The daily briefing"]);
        var unknown = await SignUpAsync(reader, "unknown@example.org", lists["The daily briefing"]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SignUpAsync(reader, "unknown@example.org", lists["Breaking news"])).StatusCode);
        }
        await smtp.MessagesToAsync("unknown@example.org");
        await Task.Delay(500);
        var withinTheHour = smtp.MessagesTo("unknown@example.org").Count;
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await SignUpAsync(reader, "unknown@example.org", lists["Breaking news"]);
        var afterIt = await smtp.MessagesToAsync("unknown@example.org", 2);
        var confirmed = await HtmlPage.GetAsync(reader, LinkTo(afterIt[0], "/newsletters/confirm"));

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        Assert.Equal(1, withinTheHour);
        Assert.Equal(2, afterIt.Count);
        // The first email's link confirms every list asked for since.
        Assert.Contains("“The daily briefing” and “Breaking news”", confirmed.QuerySelector("main").Text());
    }

    [Fact]
    public async Task A_forged_or_expired_confirmation_link_shows_a_clear_page_and_changes_nothing()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SignUpAsync(reader, "late@example.org", lists["Breaking news"]);
        var link = LinkTo((await smtp.MessagesToAsync("late@example.org")).Single(), "/newsletters/confirm");

        var forged = await HtmlPage.GetAsync(reader, link.Replace("sig=", "sig=0", StringComparison.Ordinal), 404);
        var otherSubscriber = await HtmlPage.GetAsync(reader, link.Replace("s=", "s=9", StringComparison.Ordinal), 404);
        app.Clock.Advance(TimeSpan.FromHours(49));
        var expired = await HtmlPage.GetAsync(reader, link, 410);
        var export = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync("/api/v1/privacy/subscribers?email=late@example.org"), 200);

        Assert.Equal("This confirmation link is not valid", forged.QuerySelector("h1").Text());
        Assert.Equal("This confirmation link is not valid", otherSubscriber.QuerySelector("h1").Text());
        Assert.Equal("This link has expired", expired.QuerySelector("h1").Text());
        Assert.Equal(JsonValueKind.Null, export.GetProperty("confirmedAt").ValueKind);
        Assert.Empty(export.GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task Sign_ups_never_confirmed_are_forgotten_after_a_week()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SignUpAsync(reader, "forgetful@example.org", lists["Breaking news"]);
        await SubscribeAsync(reader, smtp, "keen@example.org", lists["Breaking news"]);

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(2));
        await WaitUntilAsync(async () => (await Export(app, "forgetful@example.org")).GetProperty("signedUpAt").ValueKind == JsonValueKind.Null);

        Assert.Equal(JsonValueKind.Null, (await Export(app, "forgetful@example.org")).GetProperty("signedUpAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, (await Export(app, "keen@example.org")).GetProperty("confirmedAt").ValueKind);
    }

    [Fact]
    public async Task An_administrator_exports_and_erases_a_subscriber_and_the_privacy_page_says_so()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "leaving@example.org", lists["Breaking news"], lists["The daily briefing"]);

        var erased = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/privacy/subscribers/erase", new { email = "Leaving@example.org" }), 200);
        var after = await Export(app, "leaving@example.org");
        var missing = await app.Editor().PostAsJsonAsync("/api/v1/privacy/subscribers/erase", new { });
        var privacy = await HtmlPage.GetAsync(reader, "/privacy/");

        Assert.Equal(1, erased.GetProperty("erased").GetInt32());
        Assert.Empty(after.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("signedUpAt").ValueKind);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("newsletter", privacy.QuerySelector("main").Text(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("there is no pixel that tells us whether you opened an email", privacy.QuerySelector("#newsletters + p").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_exports_stops_and_erases_a_subscriber()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "cli-reader@example.org", lists["Breaking news"]);
        var settings = TestDatabase.Settings(app.DataDirectory);
        using var exportOut = new StringWriter();
        using var stopOut = new StringWriter();
        using var eraseOut = new StringWriter();

        var exportExit = await Broadsheet.Cli.BroadsheetCli.RunAsync(["newsletters", "export", "--email", "CLI-reader@example.org"], exportOut, TextWriter.Null, settings);
        var stopExit = await Broadsheet.Cli.BroadsheetCli.RunAsync(["newsletters", "stop", "--email", "cli-reader@example.org,gone@example.org", "--reason", "complaint"], stopOut, TextWriter.Null, settings);
        var stopped = await Export(app, "cli-reader@example.org");
        var badReason = await Broadsheet.Cli.BroadsheetCli.RunAsync(["newsletters", "stop", "--email", "cli-reader@example.org", "--reason", "whim"], TextWriter.Null, TextWriter.Null, settings);
        var eraseExit = await Broadsheet.Cli.BroadsheetCli.RunAsync(["newsletters", "erase", "--email", "cli-reader@example.org"], eraseOut, TextWriter.Null, settings);
        var noEmail = await Broadsheet.Cli.BroadsheetCli.RunAsync(["newsletters", "erase"], TextWriter.Null, TextWriter.Null, settings);

        Assert.Equal(0, exportExit);
        Assert.Contains("\"list\": \"Breaking news\"", exportOut.ToString());
        Assert.Equal(0, stopExit);
        Assert.Equal("Stopped mail to 1 subscriber (complaint); 1 address was not subscribed.", stopOut.ToString().Trim());
        Assert.Equal("complaint", stopped.Str("stopReason"));
        Assert.Equal(2, badReason);
        Assert.Equal(0, eraseExit);
        Assert.Equal("Erased the subscriber cli-reader@example.org and everything kept with them.", eraseOut.ToString().Trim());
        Assert.Equal(JsonValueKind.Null, (await Export(app, "cli-reader@example.org")).GetProperty("signedUpAt").ValueKind);
        Assert.Equal(2, noEmail);
    }

    [Fact]
    public async Task The_dashboard_shows_each_newsletters_subscribers_sign_ups_and_leavers_by_week()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "week-one@example.org", lists["Breaking news"]);
        app.Clock.Advance(TimeSpan.FromDays(7));
        await SubscribeAsync(reader, smtp, "week-two@example.org", lists["Breaking news"]);
        var confirmation = await SubscribeAsync(reader, smtp, "week-two-b@example.org", lists["Breaking news"]);
        var manage = (await HtmlPage.GetAsync(reader, LinkTo(confirmation, "/newsletters/confirm"))).QuerySelectorAll("main a")
            .Select(a => a.GetAttribute("href")!).Single(h => h.StartsWith("/newsletters/manage", StringComparison.Ordinal));
        var page = await HtmlPage.GetAsync(reader, manage);
        await reader.PostAsync(manage + "&handler=LeaveAll", new FormUrlEncodedContent([new("__RequestVerificationToken", Newsroom.AntiforgeryToken(page))]));
        var editor = await app.MemberAsync(Broadsheet.Accounts.UserRole.Editor);

        var dashboard = await HtmlPage.GetAsync(editor.Admin, "/admin/");
        var table = dashboard.QuerySelector($"table[aria-labelledby='newsletter-{lists["Breaking news"]}']")!;
        var rows = table.QuerySelectorAll("tbody tr").Select(r => string.Join(" ", r.Children.Select(c => c.TextContent.Trim()))).ToList();

        Assert.Equal(8, rows.Count);
        Assert.Equal("Jul 15 1 1 0", rows[^2]);
        Assert.Equal("Jul 22 2 2 1", rows[^1]);
        Assert.Contains("2 now", dashboard.QuerySelector($"#newsletter-{lists["Breaking news"]} + svg")!.GetAttribute("aria-label"));
    }

    private static async Task<JsonElement> Export(BroadsheetApp app, string email) =>
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/privacy/subscribers?email={email}"), 200);
}
