using System.Net;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Xml;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Feeds;

public sealed class FeedsTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private async Task<(HttpResponseMessage Response, SyndicationFeed Feed)> FeedAsync(string path)
    {
        var response = await app.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return (response, SyndicationFeed.Load(reader));
    }

    [Fact]
    public async Task The_site_feed_lists_the_newest_public_articles_in_rss_and_atom()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"), new { dek = "What the council decided.", authors = new[] { "Ines Varga" } });
        var draft = await app.CreateArticleAsync(section.Str("slug"), new { status = "draft" });

        var (rss, feed) = await FeedAsync("/feed/");
        var (atom, atomFeed) = await FeedAsync("/feed/atom/");
        var item = feed.Items.First();

        Assert.Equal("application/rss+xml", rss.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        Assert.Equal(article.Str("title"), item.Title.Text);
        Assert.Equal(article.Str("url"), item.Links[0].Uri.ToString());
        Assert.Equal("What the council decided.", item.Summary.Text);
        Assert.Equal(article.Str("title"), atomFeed.Items.First().Title.Text);
        Assert.DoesNotContain(feed.Items, i => i.Title.Text == draft.Str("title"));
    }

    [Fact]
    public async Task A_section_feed_includes_its_subsections_and_nothing_else()
    {
        var parent = await app.CreateSectionAsync();
        var child = await app.CreateSectionAsync(parent: parent.Str("slug"));
        var other = await app.CreateSectionAsync();
        var inChild = await app.CreateArticleAsync(child.Str("slug"));
        var elsewhere = await app.CreateArticleAsync(other.Str("slug"));

        var (_, feed) = await FeedAsync($"{BroadsheetApp.PathOf(parent)}feed/");
        var missing = await app.Anonymous().GetAsync("/no-such-section/feed/");

        Assert.Contains(feed.Items, i => i.Title.Text == inChild.Str("title"));
        Assert.DoesNotContain(feed.Items, i => i.Title.Text == elsewhere.Str("title"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_comments_feed_shows_approved_comments_only()
    {
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, approved) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: "The bridge reopened on Friday."));
        await app.Editor().PostAsync($"/api/v1/comments/{approved.Id()}/approve", null);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, held) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Still waiting for a moderator."));

        var (_, feed) = await FeedAsync("/comments/feed/");

        Assert.Contains(feed.Items, i => i.Links[0].Uri.ToString().EndsWith($"#comment-{approved.Id()}", StringComparison.Ordinal));
        Assert.DoesNotContain(feed.Items, i => i.Links[0].Uri.ToString().EndsWith($"#comment-{held.Id()}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tag_and_byline_feeds_list_their_articles_and_an_articles_feed_its_approved_comments()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var tag = BroadsheetApp.Unique("ferries").ToLowerInvariant();
        var byline = BroadsheetApp.Unique("Lena Quay");
        var tagged = await app.CreateArticleAsync(section, new { tags = new[] { tag }, authors = new[] { byline } });
        var other = await app.CreateArticleAsync(section);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, comment) = await app.Anonymous().PostCommentAsync(tagged.Id(), CommentForms.Comment(comment: "When does the first crossing leave?"));
        await app.Editor().PostAsync($"/api/v1/comments/{comment.Id()}/approve", null);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, elsewhere) = await app.Anonymous().PostCommentAsync(other.Id(), CommentForms.Comment(name: "Pat", email: "pat@example.org", comment: "On another story."));
        await app.Editor().PostAsync($"/api/v1/comments/{elsewhere.Id()}/approve", null);
        var authorPath = (await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(tagged))).QuerySelector("a[href^='/author/']")!.GetAttribute("href");

        var (tagResponse, tagFeed) = await FeedAsync($"/tag/{tag}/feed/");
        var (_, authorFeed) = await FeedAsync($"{authorPath}feed/");
        var (_, comments) = await FeedAsync($"{BroadsheetApp.PathOf(tagged)}feed/");
        var tagPage = await HtmlPage.GetAsync(app.Anonymous(), $"/tag/{tag}/");
        var articlePage = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(tagged));

        Assert.Equal([tagged.Str("title")], tagFeed.Items.Select(i => i.Title.Text));
        Assert.Equal([tagged.Str("title")], authorFeed.Items.Select(i => i.Title.Text));
        var only = Assert.Single(comments.Items);
        Assert.EndsWith($"#comment-{comment.Id()}", only.Links[0].Uri.ToString());
        Assert.NotNull(tagResponse.Content.Headers.LastModified);
        Assert.Contains(tagPage.QuerySelectorAll("link[rel=alternate]"), l => l.GetAttribute("href") == $"/tag/{tag}/feed/");
        Assert.Contains(articlePage.QuerySelectorAll("link[rel=alternate]"), l => l.GetAttribute("href") == $"{BroadsheetApp.PathOf(tagged)}feed/");
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/tag/no-such-tag/feed/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/{section}/no-such-article/feed/")).StatusCode);
    }

    [Fact]
    public async Task Feeds_carry_the_whole_article_with_absolute_links_unless_set_to_excerpts()
    {
        using var excerpts = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:Feeds:FullText"] = "false" });
        var section = (await app.CreateSectionAsync()).Str("slug");
        var article = await app.CreateArticleAsync(section, new { dek = "The short version.", body = "The **whole** story, with [a link](/about/) and [another site](https://example.com/)." });

        var (_, rss) = await FeedAsync($"/{section}/feed/");
        var (_, atom) = await FeedAsync("/feed/atom/");
        var item = rss.Items.Single();
        var encoded = item.ElementExtensions.ReadElementExtensions<string>("encoded", "http://purl.org/rss/1.0/modules/content/").Single();
        var excerptSection = (await excerpts.CreateSectionAsync()).Str("slug");
        await excerpts.CreateArticleAsync(excerptSection, new { dek = "The short version.", body = "The **whole** story." });
        var response = await excerpts.Anonymous().GetAsync($"/{excerptSection}/feed/");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var excerptItem = SyndicationFeed.Load(reader).Items.Single();

        Assert.Equal("The short version.", item.Summary.Text);
        Assert.Contains("<strong>whole</strong>", encoded);
        Assert.Contains("href=\"http://localhost/about/\"", encoded);
        Assert.Contains("href=\"https://example.com/\"", encoded);
        Assert.Contains("<strong>whole</strong>", ((TextSyndicationContent)atom.Items.First(i => i.Title.Text == article.Str("title")).Content).Text);
        Assert.Empty(excerptItem.ElementExtensions.ReadElementExtensions<string>("encoded", "http://purl.org/rss/1.0/modules/content/"));
        Assert.Equal("The short version.", excerptItem.Summary.Text);
    }

    [Fact]
    public async Task Pages_announce_their_feeds()
    {
        var section = await app.CreateSectionAsync();

        var home = await HtmlPage.GetAsync(app.Anonymous(), "/");
        var sectionPage = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(section));

        string[] Feeds(AngleSharp.Dom.IDocument page) => [.. page.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("href") ?? "")];
        Assert.Equal(["/feed/", "/feed/atom/", "/comments/feed/"], Feeds(home));
        Assert.Contains($"{BroadsheetApp.PathOf(section)}feed/", Feeds(sectionPage));
    }

    [Fact]
    public async Task Feeds_are_cached_refreshed_by_publishing_and_answer_conditional_requests()
    {
        var section = await app.CreateSectionAsync();
        var first = await app.Anonymous().GetAsync("/feed/");
        var cached = await app.Anonymous().GetAsync("/feed/");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/feed/");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", cached.Headers.ETag?.Tag);
        var notModified = await app.Anonymous().SendAsync(conditional);

        var article = await app.CreateArticleAsync(section.Str("slug"));
        var (after, feed) = await FeedAsync("/feed/");

        Assert.NotNull(cached.Headers.Age);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Null(after.Headers.Age);
        Assert.Equal(article.Str("title"), feed.Items.First().Title.Text);
        Assert.NotEqual(first.Headers.ETag?.Tag, after.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task No_article_or_subsection_may_take_the_feed_slug()
    {
        var section = await app.CreateSectionAsync();

        var article = await app.Editor().PostAsJsonAsync("/api/v1/articles", new { title = "Feed", slug = "feed", body = "Text.", section = section.Str("slug") });
        var titled = await app.CreateArticleAsync(section.Str("slug"), new { title = "Feed" });
        var subsection = await app.Editor().PostAsJsonAsync("/api/v1/sections", new { name = "Feed", parent = section.Str("slug") });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, article.StatusCode);
        Assert.NotEqual("feed", titled.Str("slug"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, subsection.StatusCode);
    }
}
