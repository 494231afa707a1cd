using System.Text.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Security;

/// <summary>
/// Links in feeds and API answers come from Broadsheet:Site:BaseUrl, never from a request's Host header, so a forged
/// Host cannot put another site's address into a feed a reader's app follows or a page a cache keeps.
/// </summary>
public sealed class PublicLinksTests
{
    private static HttpRequestMessage Forged(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        return request;
    }

    [Fact]
    public async Task Feeds_and_api_answers_link_to_the_configured_address_whatever_the_host_header_says()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:Site:BaseUrl"] = "https://news.example.org/" });
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var reader = app.Anonymous();

        var feed = await (await reader.SendAsync(Forged("/feed/"))).Content.ReadAsStringAsync();
        var api = JsonDocument.Parse(await (await reader.SendAsync(Forged($"/api/v1/articles/{article.Id()}"))).Content.ReadAsStringAsync()).RootElement;

        Assert.DoesNotContain("evil.example", feed);
        Assert.Contains($"<link>https://news.example.org{BroadsheetApp.PathOf(article)}</link>", feed);
        Assert.StartsWith("https://news.example.org/", api.Str("url"));
    }

    [Fact]
    public void An_empty_base_url_means_unset()
    {
        Assert.Empty(BroadsheetApp.SettingsProblems(new Dictionary<string, string?> { ["Broadsheet:Site:BaseUrl"] = "" }));
    }

    [Fact]
    public void A_misspelt_section_is_named_even_when_it_is_the_start_of_a_real_one()
    {
        var problems = BroadsheetApp.SettingsProblems(new Dictionary<string, string?> { ["Broadsheet:Sit:Title"] = "News", ["Broadsheet:Spam:Akis:Key"] = "k" });

        Assert.Equal(["Broadsheet:Sit is not a setting (is it misspelt?).", "Broadsheet:Spam:Akis is not a setting (is it misspelt?)."], problems.Order().ToList());
    }

    [Fact]
    public void A_base_url_that_is_not_an_http_address_stops_start_up_with_a_message()
    {
        var problems = BroadsheetApp.SettingsProblems(new Dictionary<string, string?> { ["Broadsheet:Site:BaseUrl"] = "news.example.org" });

        Assert.Equal(["Broadsheet:Site:BaseUrl 'news.example.org' must be an absolute http or https address, such as https://news.example.org."], problems);
    }
}
