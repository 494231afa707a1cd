using System.Net;
using System.Net.Http.Json;
using Broadsheet.Security;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Security;

/// <summary>
/// Broadsheet:RateLimits: comment posts, sign-in, search and the API are counted per client address (an IPv6
/// address by its /64) or per token, and a client over the limit hears 429 with Retry-After and a message.
/// </summary>
public sealed class RateLimitsTests
{
    private static BroadsheetApp App() => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Spam:Enabled"] = "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
        ["Broadsheet:RateLimits:Comments:Permits"] = "3",
        ["Broadsheet:RateLimits:SignIn:Permits"] = "3",
        ["Broadsheet:RateLimits:Search:Permits"] = "3",
        ["Broadsheet:RateLimits:Api:Permits"] = "5",
        ["Broadsheet:RateLimits:SignUps:Permits"] = "3",
        // Sign-ups need a mail server; nothing listens on the discard port, and a confirmation that cannot go is dropped.
        ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
        ["Broadsheet:Notifications:SmtpPort"] = "9",
    });

    private static HttpClient From(BroadsheetApp app, string address, bool editor = false)
    {
        var client = editor ? app.Editor() : app.Anonymous();
        client.DefaultRequestHeaders.Add(BroadsheetApp.ClientIpHeader, address);
        return client;
    }

    private static Task<HttpResponseMessage> CommentAsync(HttpClient client, int article, int n) =>
        client.PostAsJsonAsync($"/api/v1/articles/{article}/comments", new { comment = $"Comment number {n} on the budget.", name = "Kai", email = $"kai{n}@example.org" });

    [Fact]
    public async Task A_fourth_comment_from_one_address_is_refused_with_retry_after_and_another_address_still_posts()
    {
        using var app = App();
        var article = (await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"))).Id();
        var reader = From(app, "203.0.113.30");

        var allowed = new List<HttpStatusCode>();
        for (var n = 0; n < 3; n++)
        {
            allowed.Add((await CommentAsync(reader, article, n)).StatusCode);
        }
        var refused = await CommentAsync(reader, article, 3);
        var neighbour = await CommentAsync(From(app, "203.0.113.31"), article, 4);

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.Created, s));
        var problem = await BroadsheetApp.ExpectJsonAsync(refused, 429);
        Assert.Equal(RateLimits.RefusedTitle, problem.Str("title"));
        Assert.StartsWith("Please wait ", problem.Str("detail"));
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 600);
        Assert.Equal(HttpStatusCode.Created, neighbour.StatusCode);
    }

    [Fact]
    public async Task A_fourth_newsletter_sign_up_from_one_address_is_refused_and_another_address_still_signs_up()
    {
        using var app = App();
        var reader = From(app, "203.0.113.40");
        var list = (await HtmlPage.GetAsync(reader, "/newsletters/")).QuerySelector("input[name=list]")!.GetAttribute("value")!;
        Task<HttpResponseMessage> SignUpAsync(HttpClient client, int n) =>
            client.PostAsync("/newsletters/", new FormUrlEncodedContent([new("email", $"reader{n}@example.org"), new("list", list)]));

        var allowed = new List<HttpStatusCode>();
        for (var n = 0; n < 3; n++)
        {
            allowed.Add((await SignUpAsync(reader, n)).StatusCode);
        }
        var refused = await SignUpAsync(reader, 3);
        var neighbour = await SignUpAsync(From(app, "203.0.113.41"), 4);

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Redirect, neighbour.StatusCode);
    }

    [Fact]
    public async Task Addresses_in_one_ipv6_slash_64_share_a_limit()
    {
        using var app = App();
        var article = (await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"))).Id();

        for (var n = 0; n < 3; n++)
        {
            Assert.Equal(HttpStatusCode.Created, (await CommentAsync(From(app, $"2001:db8:1:2::{n + 1:x}"), article, n)).StatusCode);
        }
        var sameSubscriber = await CommentAsync(From(app, "2001:db8:1:2:ffff::9"), article, 3);
        var otherSubscriber = await CommentAsync(From(app, "2001:db8:1:3::1"), article, 4);

        Assert.Equal(HttpStatusCode.TooManyRequests, sameSubscriber.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherSubscriber.StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_and_searches_over_the_limit_get_a_readable_page()
    {
        using var app = App();
        var guesser = From(app, "198.51.100.40");

        for (var n = 0; n < 3; n++)
        {
            await guesser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "desk@example.org", ["password"] = $"guess {n}" }));
            Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync($"/search?q=quay{n}")).StatusCode);
        }
        var signIn = await guesser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "desk@example.org", ["password"] = "guess 4" }));
        var search = await guesser.GetAsync("/search?q=quay4");
        var readingStillWorks = await guesser.GetAsync("/");

        foreach (var refused in new[] { signIn, search })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.Contains("Retry-After"));
            Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
            var page = await HtmlPage.ParseAsync(refused);
            Assert.Equal(RateLimits.RefusedTitle, page.QuerySelector("h1")?.TextContent);
        }
        Assert.Equal(HttpStatusCode.OK, readingStillWorks.StatusCode);
    }

    [Fact]
    public async Task The_api_is_counted_per_token_not_per_address()
    {
        using var app = App();

        var statuses = new List<HttpStatusCode>();
        for (var n = 0; n < 5; n++)
        {
            statuses.Add((await From(app, $"192.0.2.{n + 1}", editor: true).GetAsync("/api/v1/comments?status=pending")).StatusCode);
        }
        var sixth = await From(app, "192.0.2.99", editor: true).GetAsync("/api/v1/comments?status=pending");
        var anonymous = await From(app, "192.0.2.99").GetAsync("/api/v1/sections");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(429, (int)sixth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_search_api_without_a_token_shares_the_search_pages_limit_and_with_one_counts_as_the_api()
    {
        using var app = App();
        var reader = From(app, "198.51.100.50");

        var allowed = new List<HttpStatusCode>
        {
            (await reader.GetAsync("/search?q=quay")).StatusCode,
            (await reader.GetAsync("/api/v1/search?q=quay")).StatusCode,
            (await reader.GetAsync("/api/v1/search?q=harbour")).StatusCode,
        };
        var refusedPage = await reader.GetAsync("/search?q=tide");
        var refusedApi = await reader.GetAsync("/api/v1/search?q=tide");
        var withToken = await From(app, "198.51.100.50", editor: true).GetAsync("/api/v1/search?q=tide");

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedPage.StatusCode);
        Assert.Equal(RateLimits.RefusedTitle, (await BroadsheetApp.ExpectJsonAsync(refusedApi, 429)).Str("title"));
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }
}
