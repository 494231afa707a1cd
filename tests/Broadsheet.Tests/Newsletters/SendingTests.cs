using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Broadsheet.Tests.Newsletters.NewsletterReaders;

namespace Broadsheet.Tests.Newsletters;

public sealed class SendingTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    [Fact]
    public async Task An_editor_previews_the_digest_and_sends_it_once_and_each_reader_gets_their_own_copy_with_one_click_unsubscribe()
    {
        using var app = App(smtp);
        var section = await app.CreateSectionAsync("Harbour");
        var first = await app.CreateArticleAsync(section.Str("slug"), new { title = "Quay reopens after repairs", dek = "Ferries run again from Monday." });
        var second = await app.CreateArticleAsync(section.Str("slug"), new { title = "Fish market moves indoors" });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "ana@example.org", lists["The daily briefing"]);
        await SubscribeAsync(reader, smtp, "ben@example.org", lists["The daily briefing"], lists["Breaking news"]);
        await SubscribeAsync(reader, smtp, "cy@example.org", lists["Breaking news"]);
        var editor = await app.MemberAsync(UserRole.Editor);
        var listPath = $"/admin/newsletters/{lists["The daily briefing"]}";

        var preview = await HtmlPage.GetAsync(editor.Admin, listPath);
        var sent = await Newsroom.PostFormAsync(editor.Admin, listPath, listPath + "?handler=Send", []);
        var toAna = (await smtp.MessagesToAsync("ana@example.org", 2))[^1];
        var toBen = (await smtp.MessagesToAsync("ben@example.org", 2))[^1];
        var again = await Newsroom.PostFormAsync(editor.Admin, listPath, listPath + "?handler=Send", []);
        await WaitUntilAsync(async () => (await HtmlPage.GetAsync(editor.Admin, listPath)).QuerySelector(".newsletter-sends td.took").Text().EndsWith(" s", StringComparison.Ordinal));
        var figures = await HtmlPage.GetAsync(editor.Admin, listPath);

        Assert.Equal(["Quay reopens after repairs", "Fish market moves indoors"], preview.QuerySelectorAll(".preview-articles a").Select(a => a.Text()).Order().Reverse());
        Assert.Contains("to 2 subscribers", preview.QuerySelector(".newsletter-preview").Text());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("has been sent already", (await HtmlPage.ParseAsync(again)).QuerySelector("[role=alert]").Text());
        Assert.Equal("2 of 2", figures.QuerySelector(".newsletter-sends td.delivered").Text());
        Assert.Equal("0", figures.QuerySelector(".newsletter-sends td.failed").Text());
        Assert.Single(smtp.MessagesTo("cy@example.org"));
        // Each was marked handed over while its content went to the relay, before the end that makes the relay take it.
        using (var scope = app.Services.CreateScope())
        {
            var deliveries = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>().NewsletterDeliveries.ToList();
            Assert.Equal(2, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal(Broadsheet.Newsletters.DeliveryState.Delivered, d.State));
            Assert.All(deliveries, d => Assert.NotNull(d.HandedAt));
        }

        Assert.StartsWith("The daily briefing: Thursday", toAna.Subject);
        Assert.Equal("The Gazette", toAna.From.Mailboxes.Single().Name);
        Assert.Contains("Quay reopens after repairs", toAna.TextBody);
        Assert.Contains("Ferries run again from Monday.", toAna.TextBody);
        Assert.Contains($"https://news.example.org{BroadsheetApp.PathOf(first)}", toAna.TextBody);
        Assert.Contains($"href=\"https://news.example.org{BroadsheetApp.PathOf(second)}\"", toAna.HtmlBody);
        Assert.Contains("prefers-color-scheme: dark", toAna.HtmlBody);
        // Nothing that tracks: every link is the article's own address, and there is no picture but the articles'.
        Assert.DoesNotContain("<img", toAna.HtmlBody);
        Assert.DoesNotContain("utm_", toAna.HtmlBody);
        Assert.Equal("List-Unsubscribe=One-Click", toAna.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = toAna.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.StartsWith("https://news.example.org/newsletters/unsubscribe?", unsubscribe);
        Assert.Contains(unsubscribe.Replace("&", "&amp;", StringComparison.Ordinal), toAna.HtmlBody);
        Assert.NotEqual(unsubscribe, toBen.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        Assert.NotEqual(toAna.MessageId, toBen.MessageId);
    }

    [Fact]
    public async Task The_one_click_unsubscribe_post_of_RFC_8058_leaves_the_list_while_opening_the_link_only_asks()
    {
        using var app = App(smtp);
        await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "dee@example.org", lists["Breaking news"], lists["The daily briefing"]);
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), new { title = "Bridge closes in storm" });
        await app.Editor().PostAsJsonAsync("/api/v1/newsletters/alerts", new { articleId = article.Id() });
        var alert = (await smtp.MessagesToAsync("dee@example.org", 2))[^1];
        var link = new Uri(alert.Headers["List-Unsubscribe"]!.Trim('<', '>')).PathAndQuery;

        var opened = await HtmlPage.GetAsync(reader, link);
        var stillSubscribed = await Lists(app, "dee@example.org");
        var mailClient = app.Anonymous();
        var oneClick = await mailClient.PostAsync(link, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        var forged = await mailClient.PostAsync(link.Replace("sig=", "sig=f", StringComparison.Ordinal), new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        var after = await Lists(app, "dee@example.org");

        Assert.Equal("Unsubscribe from “Breaking news”?", opened.QuerySelector("h1").Text());
        Assert.Equal(["Breaking news", "The daily briefing"], stillSubscribed.Order());
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(["The daily briefing"], after);
        Assert.Equal("Breaking: Bridge closes in storm", alert.Subject);
    }

    [Fact]
    public async Task The_manage_page_from_any_email_changes_the_lists_or_leaves_them_all_and_a_forged_link_shows_nothing()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        var confirmation = await SubscribeAsync(reader, smtp, "eve@example.org", lists["Breaking news"]);
        var confirmed = await HtmlPage.GetAsync(reader, LinkTo(confirmation, "/newsletters/confirm"));
        var manage = confirmed.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")!).Single(h => h.StartsWith("/newsletters/manage", StringComparison.Ordinal));

        var page = await HtmlPage.GetAsync(reader, manage);
        var form = page.QuerySelector("form.subscribe-form")!;
        var changed = await reader.PostAsync(manage, new FormUrlEncodedContent([
            new("__RequestVerificationToken", Newsroom.AntiforgeryToken(page)), new("list", lists["The daily briefing"])]));
        var afterChange = await Lists(app, "eve@example.org");
        var again = await HtmlPage.GetAsync(reader, manage);
        var left = await reader.PostAsync(manage + "&handler=LeaveAll", new FormUrlEncodedContent([new("__RequestVerificationToken", Newsroom.AntiforgeryToken(again))]));
        var afterLeaving = await Lists(app, "eve@example.org");
        var forged = await HtmlPage.GetAsync(reader, manage.Replace("s=", "s=1", StringComparison.Ordinal), 404);

        Assert.Contains("eve@example.org", page.QuerySelector("main").Text());
        Assert.Equal(lists["Breaking news"], form.QuerySelector("input[name=list]:checked")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(["The daily briefing"], afterChange);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Empty(afterLeaving);
        Assert.Equal("This link is not valid", forged.QuerySelector("h1").Text());
        Assert.DoesNotContain("@", forged.QuerySelector("main").Text());
    }

    [Fact]
    public async Task The_digest_goes_by_itself_at_its_time_in_the_sites_time_zone_once_a_day()
    {
        // 12:00 UTC is 14:00 in Berlin in July.
        using var app = App(smtp, new Dictionary<string, string?> { ["Broadsheet:Site:TimeZone"] = "Europe/Berlin" });
        var editor = await app.MemberAsync(UserRole.Editor);
        var section = await app.CreateSectionAsync();
        var created = await Newsroom.PostFormAsync(editor.Admin, "/admin/newsletters", "/admin/newsletters", new()
        {
            ["Input.Name"] = "Evening edition", ["Input.SendAt"] = "15:00", ["Input.SendsAutomatically"] = "true",
        });
        await app.CreateArticleAsync(section.Str("slug"), new { title = "Council agrees budget" });
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "fay@example.org", lists["Evening edition"]);

        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(1000);
        var before = smtp.MessagesTo("fay@example.org").Count;
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var atFifteen = await smtp.MessagesToAsync("fay@example.org", 2);
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(300);
        }
        var list = await HtmlPage.GetAsync(editor.Admin, created.Headers.Location!.OriginalString);

        Assert.Equal(1, before);
        Assert.Equal(2, atFifteen.Count);
        Assert.StartsWith("Evening edition: Thursday", atFifteen[1].Subject);
        Assert.Contains("Council agrees budget", atFifteen[1].TextBody);
        Assert.Equal(2, smtp.MessagesTo("fay@example.org").Count);
        Assert.Contains("(Evening edition, by schedule)", list.QuerySelector(".newsletter-sends tbody th").Text());
    }

    [Fact]
    public async Task An_editor_sends_a_published_article_as_breaking_news_from_the_editor_once_and_never_a_draft()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "gus@example.org", lists["Breaking news"]);
        var editor = await app.MemberAsync(UserRole.Editor);
        var section = await app.CreateSectionAsync();
        var draft = await app.CreateArticleAsync(section.Str("slug"), new { title = "Ferry aground", status = "draft" });
        var path = $"/admin/articles/{draft.Id()}";

        var page = await HtmlPage.GetAsync(editor.Admin, path);
        var savedDraft = await Newsroom.SubmitEditorAsync(editor.Admin, path, "save", new Dictionary<string, string> { ["breaking"] = "true" });
        var afterDraft = await HtmlPage.GetAsync(editor.Admin, savedDraft.Headers.Location!.OriginalString);
        var published = await Newsroom.SubmitEditorAsync(editor.Admin, path, "publish", new Dictionary<string, string> { ["breaking"] = "true" });
        var afterPublishing = await HtmlPage.GetAsync(editor.Admin, published.Headers.Location!.OriginalString);
        var alert = (await smtp.MessagesToAsync("gus@example.org", 2))[^1];
        var twice = await app.Editor().PostAsJsonAsync("/api/v1/newsletters/alerts", new { articleId = draft.Id() });
        var author = await app.MemberAsync(UserRole.Author);
        var byAuthor = await author.Api.PostAsJsonAsync("/api/v1/newsletters/alerts", new { articleId = draft.Id() });

        Assert.Contains("1 subscriber of breaking news", page.QuerySelector("#breaking-hint").Text());
        Assert.Contains("Not sent as breaking news: Only a published article", afterDraft.QuerySelector("[role=status]").Text());
        Assert.Contains("Sending it as breaking news.", afterPublishing.QuerySelector("[role=status]").Text());
        Assert.Equal("Breaking: Ferry aground", alert.Subject);
        Assert.StartsWith("Sent as breaking news on", (await HtmlPage.GetAsync(editor.Admin, path)).QuerySelector("#breaking-sent").Text());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAuthor.StatusCode);
        await Task.Delay(300);
        Assert.Equal(2, smtp.MessagesTo("gus@example.org").Count);
    }

    [Fact]
    public async Task Bounces_and_complaints_fed_back_through_the_api_stop_all_mail_to_those_addresses()
    {
        using var app = App(smtp);
        var reader = app.Anonymous();
        var lists = await ListsAsync(reader);
        await SubscribeAsync(reader, smtp, "bouncy@example.org", lists["Breaking news"]);
        await SubscribeAsync(reader, smtp, "steady@example.org", lists["Breaking news"]);

        var stopped = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/newsletters/stops",
            new { addresses = new[] { "Bouncy@example.org", "nobody@example.org" }, reason = "bounce" }), 200);
        var badReason = await app.Editor().PostAsJsonAsync("/api/v1/newsletters/stops", new { addresses = new[] { "x@example.org" }, reason = "bored" });
        var author = await app.MemberAsync(UserRole.Editor);
        var notAdmin = await author.Api.PostAsJsonAsync("/api/v1/newsletters/stops", new { addresses = new[] { "steady@example.org" } });
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), new { title = "Storm passes" });
        var send = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/newsletters/alerts", new { articleId = article.Id() }), 200);
        await smtp.MessagesToAsync("steady@example.org", 2);
        await SignUpAsync(reader, "bouncy@example.org", lists["The daily briefing"]);
        await Task.Delay(500);

        Assert.Equal(1, stopped.GetProperty("stopped").GetInt32());
        Assert.Equal(1, stopped.GetProperty("unknown").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badReason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal(1, send.GetProperty("recipients").GetInt32());
        Assert.Single(smtp.MessagesTo("bouncy@example.org"));
        Assert.Equal(2, smtp.MessagesTo("steady@example.org").Count);
    }

    private static async Task<List<string>> Lists(BroadsheetApp app, string email) =>
        [.. (await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/privacy/subscribers?email={email}"), 200))
            .GetProperty("subscriptions").EnumerateArray().Where(s => s.GetProperty("leftAt").ValueKind == JsonValueKind.Null).Select(s => s.Str("list"))];
}
