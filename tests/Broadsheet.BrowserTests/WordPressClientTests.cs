using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.BrowserTests;

/// <summary>
/// A real WordPress client reads the site: npm's `wpapi` (installed by ./test.sh from package.json) run by node against
/// the app on a Kestrel port, as a headless front-end written for WordPress would. It discovers the API from the site's
/// Link header, builds its routes from /wp-json/ and uses its own paging, embedding and filters.
/// </summary>
public sealed class WordPressClientTests : IAsyncLifetime
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
    });

    private string _origin = "";

    public ValueTask InitializeAsync()
    {
        _origin = KestrelApp.Start(_app);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_wpapi_client_discovers_the_api_and_reads_posts_terms_users_comments_pages_and_media()
    {
        var harbour = await _app.CreateSectionAsync("Harbour");
        var council = await _app.CreateSectionAsync("Council");
        await _app.CreateArticleAsync(council.Str("slug"), new
        {
            title = "Council sets the harbour budget", body = "The vote was close.", publishedAt = _app.Clock.GetUtcNow().AddHours(-5), authors = new[] { "Ines Duarte" },
        });
        await _app.CreateArticleAsync(harbour.Str("slug"), new
        {
            title = "Lighthouse keeper retires", body = "Forty years on the cape.", publishedAt = _app.Clock.GetUtcNow().AddHours(-4), tags = new[] { "Lighthouses" },
        });
        var latest = await _app.CreateArticleAsync(harbour.Str("slug"), new
        {
            title = "Ferries return to the quay", body = "The first crossing left at dawn.", publishedAt = _app.Clock.GetUtcNow().AddHours(-1),
            tags = new[] { "Ferries", "Lighthouses" }, authors = new[] { "Mina Okafor" },
        });
        await _app.CreateArticleAsync(harbour.Str("slug"), new { title = "Unfinished draft", status = "draft" });
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        var (_, comment) = await _app.Anonymous().PostCommentAsync(latest.Id(), CommentForms.Comment(comment: "The crossing was calm this morning."));
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await _app.Anonymous().PostCommentAsync(latest.Id(), CommentForms.Comment(comment: "Glad to hear it.", parentId: comment.Id()));
        await _app.Editor().PostAsJsonAsync("/api/v1/pages", new { title = "About us", body = "Who we are." });

        var read = await RunAsync(_origin, "lighthouses", "cape");

        Assert.Equal(_origin + "/wp-json/", read.Str("endpoint"));
        Assert.Equal(3, read.GetProperty("total").GetInt32());
        Assert.Equal(2, read.GetProperty("totalPages").GetInt32());
        Assert.Equal(["Ferries return to the quay", "Lighthouse keeper retires"], read.GetProperty("firstTitles").Strings());
        Assert.Equal(["Council sets the harbour budget"], read.GetProperty("secondTitles").Strings());
        Assert.Equal("Mina Okafor", read.Str("embeddedAuthor"));
        Assert.Equal("Harbour", read.GetProperty("embeddedTerms")[0][0].GetString());
        Assert.Equal(["Ferries", "Lighthouses"], read.GetProperty("embeddedTerms")[1].Strings());
        Assert.Equal(["Ferries return to the quay", "Lighthouse keeper retires"], read.GetProperty("taggedTitles").Strings());
        Assert.Equal(["Lighthouse keeper retires"], read.GetProperty("foundTitles").Strings());
        Assert.Equal(_origin + BroadsheetApp.PathOf(latest), read.Str("oneLink"));
        Assert.Contains("Harbour", read.GetProperty("categoryNames").Strings());
        Assert.Equal(2, read.GetProperty("inCategoryCount").GetInt32());
        Assert.Equal(["Ines Duarte", "Mina Okafor"], read.GetProperty("userNames").Strings().Order());
        Assert.Equal(2, read.GetProperty("commentTexts").GetArrayLength());
        Assert.Contains("calm this morning", read.GetProperty("commentTexts")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal([0, comment.Id()], read.GetProperty("commentParents").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(["About us"], read.GetProperty("pageTitles").Strings());
        Assert.Equal(0, read.GetProperty("mediaCount").GetInt32());
        Assert.Equal(["id", "title"], read.GetProperty("trimmedKeys").Strings());
        Assert.Equal("rest_post_invalid_id", read.GetProperty("missing").Str("code"));
        Assert.Equal(404, read.GetProperty("missing").GetProperty("status").GetInt32());
    }

    private static async Task<JsonElement> RunAsync(params string[] arguments)
    {
        var folder = Path.Combine(KestrelApp.RepositoryRoot(), "tests", "Broadsheet.BrowserTests");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "wpapi")), "wpapi is missing: run `npm ci --prefix tests/Broadsheet.BrowserTests` (./test.sh does).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine("wordpress-client", "read-site.js"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"wpapi failed ({node.ExitCode}): {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
