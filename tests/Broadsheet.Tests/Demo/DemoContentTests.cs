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
    }
}
