using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Security;

/// <summary>Requests no page of ours links to, made to break something: each gets an ordinary answer, never a 500 or a way off the site.</summary>
public sealed class HostileRequestsTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Theory]
    [InlineData("//evil.example")]
    [InlineData("//evil.example/path")]
    [InlineData("/\\evil.example")]
    public async Task A_path_that_looks_like_another_host_is_redirected_on_this_site_only(string path)
    {
        using var response = await app.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("http://localhost" + path)));

        if (response.StatusCode == HttpStatusCode.MovedPermanently)
        {
            var location = response.Headers.Location!.OriginalString;
            Assert.StartsWith("/", location);
            Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("LTEuNQ")]               // "-1.5": a negative sort key
    [InlineData("LTkyMjMzNzIwMzY4NTQ3NzU4MDguMQ")] // long.MinValue
    [InlineData("OTIyMzM3MjAzNjg1NDc3NTgwNy4x")]   // long.MaxValue: past DateTime's last tick
    [InlineData("bm90IGEgY3Vyc29y")]
    public async Task A_forged_page_cursor_starts_the_listing_over(string cursor)
    {
        var section = await app.CreateSectionAsync();
        await app.CreateArticleAsync(section.Str("slug"));

        using var sectionPage = await app.Anonymous().GetAsync($"{BroadsheetApp.PathOf(section)}?after={cursor}");
        using var search = await app.Anonymous().GetAsync($"/search?q=harbour&after={cursor}");
        using var api = await app.Anonymous().GetAsync($"/api/v1/articles?cursor={cursor}");

        Assert.Equal(HttpStatusCode.OK, sectionPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.True(api.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{(int)api.StatusCode}");
    }

    [Theory]
    [InlineData("/9999/")]
    [InlineData("/9999/12/")]
    [InlineData("/0001/")]
    [InlineData("/2024/13/")]
    public async Task An_archive_out_of_range_is_not_found(string path)
    {
        using var response = await app.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
