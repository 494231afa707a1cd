using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Broadsheet.ClusterTests;

/// <summary>
/// One node on SQLite, as `dotnet run` deploys it, in a real process: killed outright (SIGKILL) it loses no
/// acknowledged comment (WAL, synchronous NORMAL: decision 0009); stopped (SIGTERM) it saves the views it holds
/// and exits well within the host's shutdown time.
/// </summary>
public sealed class OneNodeOnSqliteTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "broadsheet-cluster", "sqlite-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Cluster.Node _node;

    public OneNodeOnSqliteTests() => _node = new Cluster.Node("sqlite", Cluster.FreePort(), _ => new()
    {
        ["Broadsheet__DataDirectory"] = _data,
        ["Broadsheet__SeedDemoContent"] = "false",
        ["Broadsheet__BootstrapToken"] = Cluster.Token,
        ["Broadsheet__Comments__FloodIntervalSeconds"] = "0",
        ["Broadsheet__Comments__HoldFirstTimeCommenters"] = "false",
        ["Broadsheet__Spam__Enabled"] = "false",
        ["Broadsheet__RateLimits__Enabled"] = "false",
        // Views are saved only when the node stops: what the SIGTERM test looks for.
        ["Broadsheet__Popular__FlushIntervalSeconds"] = "3600",
        ["Broadsheet__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_NOLOGO"] = "1",
    });

    [Fact]
    public async Task Killed_midway_through_a_stream_of_comments_it_restarts_with_every_acknowledged_one()
    {
        await _node.StartAsync();
        var article = await Cluster.CreateArticleAsync(_node);
        var id = article.GetProperty("id").GetInt32();
        var acknowledged = new ConcurrentBag<int>();
        async Task WriterAsync(int writer)
        {
            using var client = Cluster.Client(_node.Url);
            for (var n = 0; n < 2000; n++)
            {
                try
                {
                    var response = await client.PostAsJsonAsync($"/api/v1/articles/{id}/comments", new { comment = $"Writer {writer}, comment {n}.", name = "Load", email = $"w{writer}@example.org" });
                    if (response.StatusCode == System.Net.HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
                    }
                }
                catch (HttpRequestException)
                {
                    return;
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        }
        var writers = Enumerable.Range(0, 4).Select(WriterAsync).ToArray();
        await Cluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 150), "150 acknowledged comments");

        _node.Kill();
        await Task.WhenAll(writers);
        await _node.StartAsync();
        var stored = await ApprovedIdsAsync(id);

        Assert.Empty(acknowledged.Except(stored));
    }

    [Fact]
    public async Task Stopped_with_sigterm_it_saves_the_views_it_holds_and_exits_promptly()
    {
        await _node.StartAsync();
        var article = await Cluster.CreateArticleAsync(_node);
        var id = article.GetProperty("id").GetInt32();
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        foreach (var reader in new[] { "203.0.113.11", "203.0.113.12", "203.0.113.13", "203.0.113.14", "203.0.113.15" })
        {
            using var client = Cluster.Client(_node.Url);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 Reader/1.0");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", reader);
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }

        var (exitCode, took) = await _node.TerminateAsync(TimeSpan.FromSeconds(30));
        await _node.StartAsync();
        using var api = Cluster.Client(_node.Url);
        var popular = await Cluster.ExpectJsonAsync(await api.GetAsync("/api/v1/popular?window=1d&limit=50"), 200);

        Assert.Equal(0, exitCode);
        Assert.True(took < TimeSpan.FromSeconds(30), $"took {took}");
        Assert.Equal(5, popular.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("articleId").GetInt32() == id).GetProperty("views").GetInt64());
    }

    private async Task<HashSet<int>> ApprovedIdsAsync(int articleId)
    {
        using var editor = Cluster.Client(_node.Url, editor: true);
        var ids = new HashSet<int>();
        string? cursor = null;
        do
        {
            var page = await Cluster.ExpectJsonAsync(await editor.GetAsync(
                $"/api/v1/comments?status=approved&articleId={articleId}&limit=100{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"), 200);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                ids.Add(item.GetProperty("id").GetInt32());
            }
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        return ids;
    }

    public void Dispose()
    {
        _node.Kill();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
