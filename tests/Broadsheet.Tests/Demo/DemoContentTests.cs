using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Demo;

public sealed class DemoContentTests
{
    [Fact]
    public async Task A_new_data_directory_gets_a_believable_newsroom()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:SeedDemoContent"] = "true",
        });
        var reader = app.Anonymous();

        var sections = await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync("/api/v1/sections"), 200);
        var articles = new List<System.Text.Json.JsonElement>();
        string? cursor = null;
        do
        {
            var page = await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync($"/api/v1/articles?limit=100&cursor={cursor}"), 200);
            articles.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        var home = await HtmlPage.GetAsync(reader, "/");
        var first = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(articles[0]));

        Assert.True(sections.GetProperty("items").GetArrayLength() >= 6);
        Assert.Contains(sections.GetProperty("items").EnumerateArray(), s => s.GetProperty("parent").ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.True(articles.Count >= 40, $"{articles.Count} articles");
        Assert.All(articles, a => Assert.InRange(a.GetProperty("wordCount").GetInt32(), 550, 1600));
        Assert.True(articles.SelectMany(a => a.GetProperty("authors").Strings()).Distinct().Count() >= 3);
        Assert.True(articles.SelectMany(a => a.GetProperty("tags").Strings()).Distinct().Count() >= 5);
        Assert.NotNull(home.QuerySelector(".lead-story h2 a"));
        Assert.Equal(5, home.QuerySelectorAll(".most-popular li").Length);
        Assert.True(first.QuerySelectorAll(".article-body blockquote").Length >= 2);
        // Pictures the project draws (never downloaded), one scene kind per section, described for screen readers.
        var pictures = articles.Select(a => a.GetProperty("featuredImage").GetInt32()).Distinct().ToList();
        Assert.True(pictures.Count >= 12, $"{pictures.Count} demo pictures");
        var lead = home.QuerySelector(".lead-story img")!;
        Assert.False(string.IsNullOrWhiteSpace(lead.GetAttribute("alt")));
        Assert.Equal("eager", lead.GetAttribute("loading"));
        var photo = await reader.GetAsync(lead.GetAttribute("src"));
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        using var decoded = SkiaSharp.SKBitmap.Decode(await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal(1024, decoded.Width);
        var colours = Enumerable.Range(0, 64).Select(i => decoded.GetPixel(i * 16 % decoded.Width, i * 11 % decoded.Height)).Distinct().Count();
        Assert.True(colours > 20, $"the lead picture has only {colours} colours in 64 samples: a blank or flat image");
        Assert.Contains("Broadsheet demo illustration", first.QuerySelector("article figure.picture figcaption").Text());
    }
}
