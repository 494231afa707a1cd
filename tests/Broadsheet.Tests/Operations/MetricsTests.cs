using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Operations;

/// <summary>
/// Broadsheet__Metrics__Prometheus=true serves OpenTelemetry's metrics at /metrics to this machine and the allowed
/// networks only: requests, the page cache's hits and misses, renders and purges, comments by verdict, queues.
/// </summary>
public sealed class MetricsTests
{
    private static HttpRequestMessage From(string address, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(BroadsheetApp.ClientIpHeader, address);
        return request;
    }

    private static BroadsheetApp App() => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Metrics:Prometheus"] = "true",
        ["Broadsheet:Metrics:AllowedNetworks:0"] = "10.20.0.0/16",
    });

    [Fact]
    public async Task A_scrape_shows_the_cache_comments_queues_and_requests()
    {
        using var app = App();
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();
        await reader.GetAsync(BroadsheetApp.PathOf(article));
        await Task.Delay(200);
        await reader.GetAsync(BroadsheetApp.PathOf(article));
        var (posted, comment) = await reader.PostCommentAsync(article.Id(), CommentForms.Comment(comment: "The council should publish the costs first."));
        Assert.Equal((201, "pending"), (posted, comment.Str("status")));

        // At least: OpenTelemetry listens to every meter of its name in the process, and other tests' sites run here too.
        string scrape = "";
        for (var attempt = 0; attempt < 20 && !scrape.Contains("verdict=\"pending\"", StringComparison.Ordinal); attempt++)
        {
            // The exporter keeps a scrape for a moment; ask again until the post is in it.
            await Task.Delay(400);
            scrape = await (await app.Anonymous().SendAsync(From("127.0.0.1", "/metrics"))).Content.ReadAsStringAsync();
        }

        Assert.Matches("broadsheet_page_cache_lookups_total\\{[^}]*result=\"hit\"[^}]*\\} [1-9]", scrape);
        Assert.Matches("broadsheet_page_cache_lookups_total\\{[^}]*result=\"miss\"[^}]*\\} [1-9]", scrape);
        Assert.Matches("broadsheet_page_cache_renders_total(\\{[^}]*\\})? [1-9]", scrape);
        Assert.Matches("broadsheet_page_cache_purges_total(\\{[^}]*\\})? [1-9]", scrape);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(scrape, "broadsheet_comments_posted_total\\{[^}]*verdict=\"pending\"[^}]*\\} [1-9]"),
            string.Join("\n", scrape.Split('\n').Where(l => l.StartsWith("broadsheet_", StringComparison.Ordinal))));
        Assert.Contains("broadsheet_mail_outbox", scrape);
        Assert.Contains("broadsheet_popular_pending_views", scrape);
        Assert.Contains("broadsheet_popular_flush_lag_seconds", scrape);
        Assert.Contains("broadsheet_comments_pending", scrape);
        Assert.Contains("http_server_request_duration_seconds_count", scrape);
    }

    [Fact]
    public async Task Only_this_machine_and_the_allowed_networks_may_scrape()
    {
        using var app = App();
        var client = app.Anonymous();

        var local = await client.SendAsync(From("127.0.0.1", "/metrics"));
        var allowed = await client.SendAsync(From("10.20.3.4", "/metrics"));
        var outsider = await client.SendAsync(From("203.0.113.9", "/metrics"));
        // Through a proxy on this machine that the forwarded-headers settings do not name: it could be anyone.
        using var proxied = From("127.0.0.1", "/metrics");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var throughUndeclaredProxy = await client.SendAsync(proxied);

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        // The site's own answer to a path it does not serve (the slash added, then not found), never the metrics.
        Assert.Equal(HttpStatusCode.MovedPermanently, outsider.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, throughUndeclaredProxy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(From("203.0.113.9", "/metrics/"))).StatusCode);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        using var app = new BroadsheetApp();

        var response = await app.Anonymous().SendAsync(From("127.0.0.1", "/metrics"));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().SendAsync(From("127.0.0.1", "/metrics/"))).StatusCode);
    }
}
