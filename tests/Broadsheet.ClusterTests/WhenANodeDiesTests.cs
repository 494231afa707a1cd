using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Broadsheet.ClusterTests;

/// <summary>A node killed with SIGKILL under load: the site keeps serving, loses nothing acknowledged, and the surviving node takes over the dead one's jobs.</summary>
public sealed class WhenANodeDiesTests(Cluster cluster) : IClassFixture<Cluster>
{
    private const int OnceOnlyJobs = 5;

    [Fact]
    public async Task Killing_node_a_under_comment_load_loses_no_acknowledged_comment_and_b_keeps_serving_and_takes_its_jobs()
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

        // Five once-only jobs (spam purge, personal-data retention, scheduled publishing, audit-log retention, the newsletter schedule), split between the nodes.
        await Cluster.WaitUntilAsync(async () => await cluster.LeasesHeldAsync(cluster.A) + await cluster.LeasesHeldAsync(cluster.B) == OnceOnlyJobs, "the job leases to be taken");
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
        await Cluster.WaitUntilAsync(async () => await cluster.LeasesHeldAsync(cluster.B) == OnceOnlyJobs, "node B to take over every job");

        Assert.True(acknowledged.Count > ackedBeforeKill, $"node B should have kept taking comments after A died ({acknowledged.Count} acknowledged, {refused} refused)");
        Assert.Empty(missing);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }
}
