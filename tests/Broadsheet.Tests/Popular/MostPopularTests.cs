using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Popular;

public sealed class MostPopularTests
{
    private const string Reader = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36";

    private static async Task ViewAsync(BroadsheetApp app, string path, string userAgent, string ip = "203.0.113.7", HttpMethod? method = null)
    {
        var client = app.Anonymous();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        request.Headers.TryAddWithoutValidation(BroadsheetApp.ClientIpHeader, ip);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Broadsheet-Article"));
    }

    private static async Task<IReadOnlyList<(string Title, long Views)>> PopularAsync(BroadsheetApp app)
    {
        var json = await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().GetAsync("/api/v1/popular?window=7d&limit=5"), 200);
        return [.. json.GetProperty("items").EnumerateArray().Select(i => (i.Str("title"), i.GetProperty("views").GetInt64()))];
    }

    [Fact]
    public async Task Articles_are_ranked_by_counted_views_and_bots_head_requests_and_reloads_do_not_count()
    {
        using var app = new BroadsheetApp();
        var section = await app.CreateSectionAsync();
        var first = await app.CreateArticleAsync(section.Str("slug"));
        var second = await app.CreateArticleAsync(section.Str("slug"));

        for (var reader = 0; reader < 3; reader++)
        {
            await ViewAsync(app, BroadsheetApp.PathOf(second), Reader, ip: $"198.51.100.{reader}");
        }
        await ViewAsync(app, BroadsheetApp.PathOf(first), Reader);
        await ViewAsync(app, BroadsheetApp.PathOf(first), Reader);
        await ViewAsync(app, BroadsheetApp.PathOf(first), "Googlebot/2.1 (+http://www.google.com/bot.html)");
        await ViewAsync(app, BroadsheetApp.PathOf(first), "Mozilla/5.0 (compatible; SomeCrawler/1.0)");
        await ViewAsync(app, BroadsheetApp.PathOf(first), "Mozilla/5.0 MegaSpider");
        await ViewAsync(app, BroadsheetApp.PathOf(first), Reader, ip: "192.0.2.50", method: HttpMethod.Head);
        await app.FlushViewsAsync();

        var top = await PopularAsync(app);

        Assert.Equal([(second.Str("title"), 3L), (first.Str("title"), 1L)], top);
        var page = await HtmlPage.GetAsync(app.Anonymous(), "/");
        Assert.Equal([second.Str("title"), first.Str("title")], page.Texts(".most-popular li a"));
    }

    [Fact]
    public async Task A_reader_counts_again_after_thirty_minutes_and_old_views_leave_the_window()
    {
        using var app = new BroadsheetApp();
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));

        await ViewAsync(app, BroadsheetApp.PathOf(article), Reader);
        app.Clock.Advance(TimeSpan.FromMinutes(29));
        await ViewAsync(app, BroadsheetApp.PathOf(article), Reader);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await ViewAsync(app, BroadsheetApp.PathOf(article), Reader);
        await app.FlushViewsAsync();
        var withinWindow = await PopularAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal([(article.Str("title"), 2L)], withinWindow);
        Assert.Empty(await PopularAsync(app));
    }

    [Fact]
    public async Task Counts_saved_before_a_restart_are_still_there_after_it()
    {
        var dataDirectory = BroadsheetApp.NewDataDirectory();
        string title;
        using (var before = BroadsheetApp.At(dataDirectory))
        {
            var section = await before.CreateSectionAsync();
            var article = await before.CreateArticleAsync(section.Str("slug"));
            title = article.Str("title");
            await ViewAsync(before, BroadsheetApp.PathOf(article), Reader);
            await ViewAsync(before, BroadsheetApp.PathOf(article), Reader, ip: "198.51.100.99");
            // No explicit flush: stopping the host saves what is buffered.
        }

        IReadOnlyList<(string, long)> top;
        using (var after = BroadsheetApp.At(dataDirectory))
        {
            top = await PopularAsync(after);
        }
        BroadsheetApp.DeleteDataDirectory(dataDirectory);

        Assert.Equal([(title, 2L)], top);
    }

    [Fact]
    public async Task Rotating_the_user_agent_from_one_address_inflates_an_article_only_up_to_the_addresss_share()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:Popular:MaxReadersPerAddress"] = "5" });
        var section = await app.CreateSectionAsync();
        var inflated = await app.CreateArticleAsync(section.Str("slug"));
        var honest = await app.CreateArticleAsync(section.Str("slug"));

        for (var i = 0; i < 60; i++)
        {
            await ViewAsync(app, BroadsheetApp.PathOf(inflated), $"Mozilla/5.0 (X11; Linux x86_64) Firefox/{100 + i}.0", ip: "203.0.113.99");
        }
        // The same trick from one IPv6 /64: its addresses are one address here.
        for (var i = 0; i < 20; i++)
        {
            await ViewAsync(app, BroadsheetApp.PathOf(inflated), $"Mozilla/5.0 Safari/{600 + i}", ip: $"2001:db8:1:2::{i + 1:x}");
        }
        for (var reader = 0; reader < 8; reader++)
        {
            await ViewAsync(app, BroadsheetApp.PathOf(honest), Reader, ip: $"198.51.100.{reader}");
        }
        await app.FlushViewsAsync();

        Assert.Equal([(honest.Str("title"), 8L), (inflated.Str("title"), 10L)], (await PopularAsync(app)).OrderBy(p => p.Views).ToList());
    }

    [Fact]
    public void A_flood_of_made_up_readers_leaves_the_memory_of_readers_bounded_and_real_readers_still_count()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:Popular:MaxRememberedReaders"] = "1000" });
        var counter = app.Services.GetRequiredService<Broadsheet.Popular.PopularCounter>();

        var most = 0L;
        var realReaders = 0;
        for (var i = 0; i < 5000; i++)
        {
            var address = System.Net.IPAddress.Parse($"2001:db8:{i:x}::1");
            counter.TryCount(articleId: 1 + (i % 7), address, $"Mozilla/5.0 Flood/{i}");
            most = Math.Max(most, counter.RememberedReaders);
            if (i % 500 == 0)
            {
                realReaders += counter.TryCount(8, System.Net.IPAddress.Parse($"198.51.100.{i / 500}"), Reader) ? 1 : 0;
            }
        }

        Assert.InRange(most, 900, 1000);
        Assert.Equal(10, realReaders);
    }
}
