using System.Collections.Concurrent;
using System.Net.Http.Json;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Caching;

/// <summary>
/// With Broadsheet__PageCache__SharedMaxAgeSeconds and __PurgeUrl, a CDN in front may keep public pages and is told
/// to purge them by the same tags the site purges by (a POST with a Surrogate-Key header, as Fastly takes it).
/// </summary>
public sealed class ACdnInFrontTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Keys, string? ApiKey)> _purges = new();
    private WebApplication _cdn = null!;
    private BroadsheetApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        // A real HTTP endpoint on loopback standing in for the CDN's purge API.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _cdn = builder.Build();
        _cdn.MapPost("/purge", (HttpRequest request) =>
        {
            _purges.Enqueue((request.Headers["Surrogate-Key"].ToString(), request.Headers["Fastly-Key"].ToString()));
            return Results.Ok();
        });
        await _cdn.StartAsync();
        var address = _cdn.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:PageCache:SharedMaxAgeSeconds"] = "600",
            ["Broadsheet:PageCache:PurgeUrl"] = $"{address}/purge",
            ["Broadsheet:PageCache:PurgeHeaders:Fastly-Key"] = "cdn-api-key",
        });
    }

    public async ValueTask DisposeAsync()
    {
        _app.Dispose();
        await _cdn.DisposeAsync();
    }

    [Fact]
    public async Task Public_pages_name_their_tags_for_the_cdn_and_an_edit_sends_the_cdn_the_tags_to_purge()
    {
        var section = await _app.CreateSectionAsync();
        var article = await _app.CreateArticleAsync(section.Str("slug"));
        var page = await _app.Anonymous().GetAsync(BroadsheetApp.PathOf(article));
        var again = await _app.Anonymous().GetAsync(BroadsheetApp.PathOf(article));
        var api = await _app.Anonymous().GetAsync($"/api/v1/articles/{article.Id()}");

        (await _app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { title = "The quay opens early" })).EnsureSuccessStatusCode();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!_purges.Any(p => p.Keys.Split(' ').Contains($"article:{article.Id()}")) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.Equal("public, max-age=0, s-maxage=600", page.Headers.CacheControl?.ToString());
        Assert.Contains($"article:{article.Id()}", page.Headers.GetValues("Surrogate-Key").Single().Split(' '));
        Assert.Contains("all", page.Headers.GetValues("Cache-Tag").Single().Split(','));
        Assert.NotNull(again.Headers.Age);
        Assert.Equal("public, max-age=0, s-maxage=600", again.Headers.CacheControl?.ToString());
        Assert.False(api.Headers.Contains("Surrogate-Key"));
        var purge = _purges.First(p => p.Keys.Split(' ').Contains($"article:{article.Id()}"));
        Assert.Contains($"section:{section.Id()}", purge.Keys.Split(' '));
        Assert.Equal("cdn-api-key", purge.ApiKey);
    }
}
