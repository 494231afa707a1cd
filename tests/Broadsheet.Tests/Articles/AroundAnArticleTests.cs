using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

/// <summary>Under each article: the previous and next in its section, related articles by shared tags, and more from the section.</summary>
public sealed class AroundAnArticleTests
{
    [Fact]
    public async Task Previous_and_next_follow_publication_in_the_section_and_related_ones_share_most_tags_never_the_article_itself()
    {
        using var site = new BroadsheetApp();
        var harbour = (await site.CreateSectionAsync("Harbour")).Str("slug");
        var weather = (await site.CreateSectionAsync("Weather")).Str("slug");
        async Task<System.Text.Json.JsonElement> AtAsync(string section, string title, int hoursAgo, string[] tags) =>
            await site.CreateArticleAsync(section, new { title, tags, body = "Filed by the desk.", publishedAt = site.Clock.GetUtcNow().AddHours(-hoursAgo) });
        var oldest = await AtAsync(harbour, "Quay plans filed", 30, ["quay"]);
        var middle = await AtAsync(harbour, "Ferry returns", 20, ["ferries", "quay"]);
        var newest = await AtAsync(harbour, "Harbour fees rise", 10, []);
        var storm = await AtAsync(weather, "Storm closes the ferry and the quay", 5, ["ferries", "quay"]);
        var rain = await AtAsync(weather, "Rain for the ferries", 4, ["ferries"]);
        await site.CreateArticleAsync(harbour, new { title = "A draft about the quay", status = "draft", tags = new[] { "ferries", "quay" } });

        var page = await HtmlPage.GetAsync(site.Anonymous(), BroadsheetApp.PathOf(middle));

        Assert.Equal(BroadsheetApp.PathOf(oldest), page.QuerySelector(".article-pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal(BroadsheetApp.PathOf(newest), page.QuerySelector(".article-pager a[rel=next]")!.GetAttribute("href"));
        // Two shared tags before one; among equals, the more similar text (ferry and ferries against one quay).
        Assert.Equal(["Storm closes the ferry and the quay", "Rain for the ferries", "Quay plans filed"], page.Texts(".related li"));
        Assert.Equal(["Harbour fees rise"], page.Texts(".also-in li"));
        Assert.Equal("Also in Harbour", page.QuerySelector("#also-in-heading").Text());
        var first = await HtmlPage.GetAsync(site.Anonymous(), BroadsheetApp.PathOf(oldest));
        Assert.Null(first.QuerySelector(".article-pager a[rel=prev]"));
        Assert.DoesNotContain("Quay plans filed", first.Texts(".related li, .also-in li"));
        Assert.True(storm.Id() > 0 && rain.Id() > 0);
    }

    [Fact]
    public async Task A_newly_published_article_in_the_section_shows_at_once_on_the_cached_page_of_the_one_before_it()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        var before = await site.CreateArticleAsync(section, new { title = "The earlier story", publishedAt = site.Clock.GetUtcNow().AddHours(-1) });
        var reader = site.Anonymous();
        Assert.Null((await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(before))).QuerySelector(".article-pager a[rel=next]"));

        var later = await site.CreateArticleAsync(section, new { title = "The later story" });

        Assert.Equal(BroadsheetApp.PathOf(later), (await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(before))).QuerySelector(".article-pager a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Text_like_the_articles_own_brings_in_untagged_related_articles_after_those_sharing_tags()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        var other = (await site.CreateSectionAsync()).Str("slug");
        async Task<System.Text.Json.JsonElement> AtAsync(string where, string title, string body, int hoursAgo, string[] tags) =>
            await site.CreateArticleAsync(where, new { title, body, tags, publishedAt = site.Clock.GetUtcNow().AddHours(-hoursAgo) });
        var lighthouse = await AtAsync(section, "Lighthouse keepers strike over pensions", "The keepers walked out.", 1, ["Labour"]);
        await AtAsync(other, "Tax office hires staff", "Clerks were hired.", 2, ["Labour"]);
        await AtAsync(other, "Pensions for lighthouse keepers cut", "The fund shrank.", 30, []);
        await AtAsync(other, "Lighthouse repainted", "Red and white again.", 3, []);
        await AtAsync(other, "Bakery opens on the quay", "Bread at six.", 4, []);

        var page = await HtmlPage.GetAsync(site.Anonymous(), BroadsheetApp.PathOf(lighthouse));

        // The shared tag first, then by how much of the text they share (three words, then one), never the unrelated one.
        Assert.Equal(["Tax office hires staff", "Pensions for lighthouse keepers cut", "Lighthouse repainted"], page.Texts(".related li"));
    }
}
