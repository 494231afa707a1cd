using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Broadsheet.ClusterTests;

/// <summary>Redis going away and coming back: both nodes keep serving and taking comments, and share again after.</summary>
public sealed class WhenRedisIsDownTests(Cluster cluster) : IClassFixture<Cluster>
{
    private static async Task<JsonElement> ReadyAsync(Cluster.Node node)
    {
        using var client = Cluster.Client(node.Url);
        using var response = await client.GetAsync("/readyz");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string RedisStatus(JsonElement ready) => ready.GetProperty("dependencies").GetProperty("redis").GetProperty("status").GetString()!;

    [Fact]
    public async Task With_redis_down_both_nodes_serve_and_take_comments_and_shared_state_returns_with_it()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var id = article.GetProperty("id").GetInt32();
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        using var a = Cluster.Client(cluster.A.Url);
        using var b = Cluster.Client(cluster.B.Url);
        using var editor = Cluster.Client(cluster.A.Url, editor: true);

        cluster.StopRedis();
        await Cluster.WaitUntilAsync(async () => RedisStatus(await ReadyAsync(cluster.A)) == "down" && RedisStatus(await ReadyAsync(cluster.B)) == "down", "both nodes to notice Redis is down");
        var degraded = await ReadyAsync(cluster.A);
        using var pageOnA = await a.GetAsync(path);
        using var pageOnB = await b.GetAsync(path);
        var posted = await Cluster.ExpectJsonAsync(await b.PostAsJsonAsync($"/api/v1/articles/{id}/comments", new
        {
            comment = "Written while Redis was away.", name = "Cy", email = "cy@example.org",
        }), 201);

        cluster.StartRedis();
        await cluster.WaitForRedisAsync();
        await Cluster.WaitUntilAsync(async () => RedisStatus(await ReadyAsync(cluster.A)) == "up" && RedisStatus(await ReadyAsync(cluster.B)) == "up", "both nodes to reconnect to Redis");
        await Cluster.WaitUntilCachedAsync(b, path);
        var renamed = Cluster.Unique("After the outage");
        (await editor.PatchAsJsonAsync($"/api/v1/articles/{id}", new { title = renamed })).EnsureSuccessStatusCode();
        var afterEdit = await b.GetStringAsync(path);

        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, pageOnA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pageOnB.StatusCode);
        Assert.Equal("approved", posted.GetProperty("status").GetString());
        Assert.Contains("Written while Redis was away.", await a.GetStringAsync(path));
        Assert.Contains(renamed, afterEdit);
    }
}
