using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Broadsheet.ClusterTests;

/// <summary>Redis going away and coming back, and a node killed under load: the site keeps serving and loses nothing acknowledged.</summary>
public sealed class WhenPartsFailTests(Cluster cluster) : IClassFixture<Cluster>
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
        (await b.GetAsync(path)).Dispose();
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

    [Fact]
    public async Task Killing_node_a_under_comment_load_loses_no_acknowledged_comment_and_b_keeps_serving()
    {
        var article = await Cluster.CreateArticleAsync(cluster.B);
        var id = article.GetProperty("id").GetInt32();
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        var acknowledged = new ConcurrentBag<int>();
        var refused = 0;
        var stop = DateTime.UtcNow.AddSeconds(6);

        async Task PostAsync(int worker)
        {
            using var proxy = Cluster.Client(cluster.Proxy);
            for (var n = 0; n < 150 && DateTime.UtcNow < stop; n++)
            {
                try
                {
                    using var response = await proxy.PostAsJsonAsync($"/api/v1/articles/{id}/comments", new
                    {
                        comment = $"Comment {n} from worker {worker}, under load.", name = $"Worker {worker}", email = $"worker{worker}@example.org",
                    });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(PostAsync));
        await Cluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 20), "the load to get going", seconds: 30);
        cluster.A.Kill();
        var ackedBeforeKill = acknowledged.Count;
        await load;

        using var editor = Cluster.Client(cluster.B.Url, editor: true);
        var missing = new List<int>();
        foreach (var commentId in acknowledged)
        {
            using var stored = await editor.GetAsync($"/api/v1/comments/{commentId}");
            if (stored.StatusCode != HttpStatusCode.OK)
            {
                missing.Add(commentId);
            }
        }
        using var proxy = Cluster.Client(cluster.Proxy);
        using var afterwards = await proxy.GetAsync(path);

        Assert.True(acknowledged.Count > ackedBeforeKill, $"node B should have kept taking comments after A died ({acknowledged.Count} acknowledged, {refused} refused)");
        Assert.Empty(missing);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }
}
