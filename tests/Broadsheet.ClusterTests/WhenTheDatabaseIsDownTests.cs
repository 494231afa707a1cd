using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Broadsheet.ClusterTests;

/// <summary>PostgreSQL stopped under a running site: cached pages still served, writes refused with a clear 503, and back by itself.</summary>
public sealed class WhenTheDatabaseIsDownTests(ClusterOnItsOwnPostgres cluster) : IClassFixture<ClusterOnItsOwnPostgres>
{
    [Fact]
    public async Task Cached_pages_are_served_writes_answer_503_with_a_message_and_the_site_recovers_by_itself()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var id = article.GetProperty("id").GetInt32();
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        using var a = Cluster.Client(cluster.A.Url);
        using var b = Cluster.Client(cluster.B.Url);
        a.DefaultRequestHeaders.Host = b.DefaultRequestHeaders.Host = cluster.Proxy.Authority;
        await Cluster.WaitUntilCachedAsync(a, path);
        var comment = new { comment = "Sent while the database was away.", name = "Dee", email = "dee@example.org" };

        await cluster.StopPostgresAsync();
        using var cachedOnB = await b.GetAsync(path);
        using var post = await a.PostAsJsonAsync($"/api/v1/articles/{id}/comments", comment);
        var problem = await post.Content.ReadAsStringAsync();
        using var uncached = await b.GetAsync("/search?q=harbour");
        var uncachedText = await uncached.Content.ReadAsStringAsync();
        using var ready = await a.GetAsync("/readyz");
        var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;

        await cluster.StartPostgresAsync();
        HttpResponseMessage? accepted = null;
        await Cluster.WaitUntilAsync(async () =>
        {
            accepted?.Dispose();
            accepted = await a.PostAsJsonAsync($"/api/v1/articles/{id}/comments", comment);
            return accepted.StatusCode == HttpStatusCode.Created;
        }, "node A to take comments again once PostgreSQL is back", seconds: 60);
        using var readyAgain = await b.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, cachedOnB.StatusCode);
        Assert.True(post.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)post.StatusCode}: {problem}\n{cluster.Logs}");
        Assert.Contains("database is not answering", problem);
        Assert.Equal("30", post.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
        Assert.Contains("Back in a minute", uncachedText);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("down", readiness.GetProperty("dependencies").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
        accepted?.Dispose();
    }
}
