using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;

namespace Broadsheet.Tests.WordPressApi;

/// <summary>
/// The read side of WordPress's REST API v2 at /wp-json/: WordPress's field names and shapes, its query parameters,
/// paging headers and errors, and only what a reader of the site may see. (tests/Broadsheet.BrowserTests runs the npm
/// client `wpapi` against a real port.)
/// </summary>
public sealed class WordPressApiTests
{
    private static async Task<(JsonElement Body, HttpResponseMessage Response)> GetAsync(BroadsheetApp site, string path, int status = 200)
    {
        var response = await site.Anonymous().GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{path}: {(int)response.StatusCode} {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return (JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    [Fact]
    public async Task The_index_names_the_site_and_every_route_and_pages_name_it_as_WordPress_pages_do()
    {
        using var site = new BroadsheetApp();
        var (index, _) = await GetAsync(site, "/wp-json/");

        Assert.False(string.IsNullOrWhiteSpace(index.Str("name")));
        Assert.Equal("http://localhost", index.Str("url"));
        Assert.Equal(["wp/v2"], index.GetProperty("namespaces").Strings());
        var routes = index.GetProperty("routes");
        foreach (var route in new[] { "posts", "pages", "categories", "tags", "users", "comments", "media" })
        {
            Assert.True(routes.TryGetProperty($"/wp/v2/{route}", out var collection), route);
            Assert.True(routes.TryGetProperty($"/wp/v2/{route}/(?P<id>[\\d]+)", out _), route);
            Assert.True(collection.GetProperty("endpoints")[0].GetProperty("args").TryGetProperty("per_page", out _));
        }
        var home = await site.Anonymous().GetAsync("/");
        Assert.Contains("<http://localhost/wp-json/>; rel=\"https://api.w.org/\"", Header(home, "Link"), StringComparison.Ordinal);
        var page = await HtmlPage.ParseAsync(home);
        Assert.Equal("http://localhost/wp-json/", page.QuerySelector("link[rel='https://api.w.org/']")?.GetAttribute("href"));
        var (missing, _) = await GetAsync(site, "/wp-json/wp/v2/nothing-here", 404);
        Assert.Equal("rest_no_route", missing.Str("code"));
        Assert.Equal(404, missing.GetProperty("data").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_post_has_WordPress_fields_with_rendered_objects_its_section_as_category_its_tags_and_its_byline_as_author()
    {
        using var site = new BroadsheetApp();
        var harbour = await site.CreateSectionAsync("Harbour");
        var article = await site.CreateArticleAsync(harbour.Str("slug"), new
        {
            title = "Ferries <return> to the quay", dek = "Crossings resume on Monday.", body = "The first ferry left at **dawn**.",
            tags = new[] { "Ferries", "Weather" }, authors = new[] { "Mina Okafor" },
        });

        var (post, _) = await GetAsync(site, $"/wp-json/wp/v2/posts/{article.Id()}");

        Assert.Equal(article.Id(), post.Id());
        Assert.Equal("post", post.Str("type"));
        Assert.Equal("publish", post.Str("status"));
        Assert.Equal(article.Str("slug"), post.Str("slug"));
        Assert.Equal("Ferries &lt;return&gt; to the quay", post.GetProperty("title").Str("rendered"));
        Assert.Contains("<strong>dawn</strong>", post.GetProperty("content").Str("rendered"), StringComparison.Ordinal);
        Assert.False(post.GetProperty("content").GetProperty("protected").GetBoolean());
        Assert.Equal("<p>Crossings resume on Monday.</p>\n", post.GetProperty("excerpt").Str("rendered"));
        Assert.False(post.GetProperty("title").TryGetProperty("raw", out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", post.Str("date_gmt"));
        Assert.Equal("http://localhost" + BroadsheetApp.PathOf(article), post.Str("link"));
        Assert.Equal([harbour.Id()], post.GetProperty("categories").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(2, post.GetProperty("tags").GetArrayLength());
        var author = post.GetProperty("author").GetInt32();
        var (user, _) = await GetAsync(site, $"/wp-json/wp/v2/users/{author}");
        Assert.Equal("Mina Okafor", user.Str("name"));
        Assert.False(user.TryGetProperty("email", out _));
        Assert.Contains("/author/mina-okafor/", user.Str("link"), StringComparison.Ordinal);
        Assert.EndsWith($"/wp-json/wp/v2/users/{author}", post.GetProperty("_links").GetProperty("author")[0].Str("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posts_are_filtered_paged_and_trimmed_by_WordPress_parameters_with_its_headers()
    {
        using var site = new BroadsheetApp();
        var harbour = await site.CreateSectionAsync("Harbour");
        var council = await site.CreateSectionAsync("Council");
        for (var i = 1; i <= 5; i++)
        {
            await site.CreateArticleAsync(harbour.Str("slug"), new
            {
                title = $"Harbour story {i}", body = i == 3 ? "A lighthouse keeper retires." : "Boats and tides.",
                publishedAt = site.Clock.GetUtcNow().AddDays(-i), tags = i % 2 == 0 ? new[] { "Tides" } : [],
            });
        }
        await site.CreateArticleAsync(council.Str("slug"), new { title = "Council story", publishedAt = site.Clock.GetUtcNow().AddHours(-1) });
        await site.CreateArticleAsync(council.Str("slug"), new { title = "Not yet", publishedAt = site.Clock.GetUtcNow().AddDays(3) });
        await site.CreateArticleAsync(council.Str("slug"), new { title = "A draft", status = "draft" });

        var (all, response) = await GetAsync(site, "/wp-json/wp/v2/posts?per_page=2");
        Assert.Equal("6", Header(response, "X-WP-Total"));
        Assert.Equal("3", Header(response, "X-WP-TotalPages"));
        Assert.Contains("page=2>; rel=\"next\"", Header(response, "Link"), StringComparison.Ordinal);
        Assert.Equal(["Council story", "Harbour story 1"], Titles(all));
        var (second, secondResponse) = await GetAsync(site, "/wp-json/wp/v2/posts?per_page=2&page=2");
        Assert.Equal(["Harbour story 2", "Harbour story 3"], Titles(second));
        Assert.Contains("rel=\"prev\"", Header(secondResponse, "Link"), StringComparison.Ordinal);

        Assert.Equal(5, (await GetAsync(site, $"/wp-json/wp/v2/posts?categories={harbour.Id()}")).Body.GetArrayLength());
        var (tags, _) = await GetAsync(site, "/wp-json/wp/v2/tags?slug=tides");
        Assert.Equal(["Harbour story 2", "Harbour story 4"], Titles((await GetAsync(site, $"/wp-json/wp/v2/posts?tags[]={tags[0].Id()}")).Body));
        Assert.Equal(2, tags[0].GetProperty("count").GetInt32());
        Assert.Equal(["Harbour story 3"], Titles((await GetAsync(site, "/wp-json/wp/v2/posts?search=lighthouse")).Body));
        Assert.Equal(["Harbour story 1"], Titles((await GetAsync(site, "/wp-json/wp/v2/posts?slug=harbour-story-1")).Body));
        var after = site.Clock.GetUtcNow().AddDays(-2.5).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["Council story", "Harbour story 1", "Harbour story 2"], Titles((await GetAsync(site, $"/wp-json/wp/v2/posts?after={after}")).Body));
        Assert.Equal(["Council story", "Harbour story 1"], Titles((await GetAsync(site, "/wp-json/wp/v2/posts?orderby=title&order=asc&per_page=2")).Body));

        var (trimmed, _) = await GetAsync(site, "/wp-json/wp/v2/posts?per_page=1&_fields=id,title.rendered");
        Assert.Equal(["id", "title"], trimmed[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["rendered"], trimmed[0].GetProperty("title").EnumerateObject().Select(p => p.Name));

        var (tooMany, _) = await GetAsync(site, "/wp-json/wp/v2/posts?per_page=500", 400);
        Assert.Equal("rest_invalid_param", tooMany.Str("code"));
        Assert.Contains("between 1 (inclusive) and 100 (inclusive)", tooMany.GetProperty("data").GetProperty("params").Str("per_page"), StringComparison.Ordinal);
        Assert.Equal("rest_post_invalid_page_number", (await GetAsync(site, "/wp-json/wp/v2/posts?page=9", 400)).Body.Str("code"));
        Assert.Equal("rest_invalid_param", (await GetAsync(site, "/wp-json/wp/v2/posts?after=yesterday", 400)).Body.Str("code"));
        Assert.Equal("rest_forbidden_context", (await GetAsync(site, "/wp-json/wp/v2/posts?context=edit", 401)).Body.Str("code"));
        Assert.Equal("rest_invalid_param", (await GetAsync(site, "/wp-json/wp/v2/posts?status=draft", 400)).Body.Str("code"));
        Assert.Equal("rest_post_invalid_id", (await GetAsync(site, "/wp-json/wp/v2/posts/999999", 404)).Body.Str("code"));
    }

    [Fact]
    public async Task Embedding_brings_author_terms_featured_media_and_approved_replies_and_never_an_email()
    {
        using var site = new BroadsheetApp();
        var editor = await site.MemberAsync(UserRole.Editor);
        var picture = await UploadAsync(editor.Admin);
        var section = (await site.CreateSectionAsync("Weather")).Str("slug");
        var article = await site.CreateArticleAsync(section, new { title = "Storm closes the bridge", tags = new[] { "Storms" }, authors = new[] { "Jon Reyes" }, featuredImage = picture });
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, approved) = await site.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(email: "reader@example.org", comment: "The bridge was shut at six, not seven."));
        await site.Editor().PostAsync($"/api/v1/comments/{approved.Id()}/approve", null);
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, reply) = await site.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Thank you, corrected in my notes.", parentId: approved.Id()));
        await site.Editor().PostAsync($"/api/v1/comments/{reply.Id()}/approve", null);
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        await site.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Held for moderation and not public yet."));

        var (posts, response) = await GetAsync(site, "/wp-json/wp/v2/posts?_embed");
        var raw = await response.Content.ReadAsStringAsync();
        var embedded = posts[0].GetProperty("_embedded");

        Assert.Equal("Jon Reyes", embedded.GetProperty("author")[0].Str("name"));
        Assert.Equal("Weather", embedded.GetProperty("wp:term")[0][0].Str("name"));
        Assert.Equal("category", embedded.GetProperty("wp:term")[0][0].Str("taxonomy"));
        Assert.Equal("Storms", embedded.GetProperty("wp:term")[1][0].Str("name"));
        var media = embedded.GetProperty("wp:featuredmedia")[0];
        Assert.Equal(picture, media.Id());
        Assert.Equal("Boats moored at the harbour quay", media.Str("alt_text"));
        Assert.StartsWith("http://localhost/media/", media.Str("source_url"), StringComparison.Ordinal);
        Assert.True(media.GetProperty("media_details").GetProperty("width").GetInt32() > 0);
        Assert.Equal(2, embedded.GetProperty("replies")[0].GetArrayLength());
        Assert.DoesNotContain("reader@example.org", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Held for moderation", raw, StringComparison.Ordinal);

        var (comments, commentsResponse) = await GetAsync(site, $"/wp-json/wp/v2/comments?post={article.Id()}&order=asc");
        Assert.Equal("2", Header(commentsResponse, "X-WP-Total"));
        Assert.Equal(0, comments[0].GetProperty("parent").GetInt32());
        Assert.Equal(approved.Id(), comments[1].GetProperty("parent").GetInt32());
        Assert.Equal("approved", comments[1].Str("status"));
        Assert.EndsWith($"#comment-{reply.Id()}", comments[1].Str("link"), StringComparison.Ordinal);
        Assert.Equal(picture, (await GetAsync(site, $"/wp-json/wp/v2/media/{picture}")).Body.Id());
        Assert.Equal("rest_comment_invalid_id", (await GetAsync(site, "/wp-json/wp/v2/comments/999999", 404)).Body.Str("code"));
    }

    [Fact]
    public async Task Terms_users_and_pages_list_as_WordPress_lists_them_and_hide_what_readers_cannot_see()
    {
        using var site = new BroadsheetApp();
        var world = await site.CreateSectionAsync("World");
        var europe = await site.CreateSectionAsync("Europe", parent: world.Str("slug"));
        await site.CreateArticleAsync(europe.Str("slug"), new { title = "Rail strike ends", authors = new[] { "Ines Duarte" }, tags = new[] { "Rail" } });
        await site.CreateArticleAsync(world.Str("slug"), new { title = "Draft only", status = "draft", authors = new[] { "Hidden Writer" }, tags = new[] { "Secret" } });
        var editor = await site.MemberAsync(UserRole.Editor);
        var picture = await UploadAsync(editor.Admin);

        var (categories, _) = await GetAsync(site, "/wp-json/wp/v2/categories?per_page=100");
        var europeTerm = categories.EnumerateArray().Single(c => c.Str("name") == "Europe");
        Assert.Equal(world.Id(), europeTerm.GetProperty("parent").GetInt32());
        Assert.Equal(1, europeTerm.GetProperty("count").GetInt32());
        Assert.Equal(["Europe"], Names((await GetAsync(site, $"/wp-json/wp/v2/categories?parent={world.Id()}")).Body));
        Assert.Equal(["Europe"], Names((await GetAsync(site, "/wp-json/wp/v2/categories?hide_empty=true&search=eur")).Body));
        var (tags, _) = await GetAsync(site, "/wp-json/wp/v2/tags?hide_empty=1");
        Assert.Equal(["Rail"], Names(tags));
        var (users, _) = await GetAsync(site, "/wp-json/wp/v2/users");
        Assert.Equal(["Ines Duarte"], Names(users));
        Assert.Equal("rest_user_cannot_view", (await GetAsync(site, "/wp-json/wp/v2/users?roles=administrator", 400)).Body.Str("code"));
        Assert.Empty((await GetAsync(site, "/wp-json/wp/v2/media")).Body.EnumerateArray());
        Assert.Equal("rest_post_invalid_id", (await GetAsync(site, $"/wp-json/wp/v2/media/{picture}", 404)).Body.Str("code"));

        var page = await BroadsheetApp.ExpectJsonAsync(await site.Editor().PostAsync("/api/v1/pages", System.Net.Http.Json.JsonContent.Create(new { title = "About us", body = "We report on the harbour." })), 201);
        var (pages, _) = await GetAsync(site, "/wp-json/wp/v2/pages?slug=about-us");
        Assert.Equal(page.Id(), pages[0].Id());
        Assert.Equal("page", pages[0].Str("type"));
        Assert.Equal("http://localhost/about-us/", pages[0].Str("link"));
        Assert.Contains("harbour", pages[0].GetProperty("content").Str("rendered"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await site.Anonymous().PostAsync("/wp-json/wp/v2/posts", null)).StatusCode);
    }

    [Fact]
    public async Task With_an_editors_token_the_edit_context_adds_raw_fields()
    {
        using var site = new BroadsheetApp();
        var article = await site.CreateArticleAsync((await site.CreateSectionAsync()).Str("slug"), new { title = "Tides & times", body = "High water at *noon*." });

        var response = await site.Editor().GetAsync($"/wp-json/wp/v2/posts/{article.Id()}?context=edit");
        var post = await BroadsheetApp.ExpectJsonAsync(response, 200);

        Assert.Equal("Tides & times", post.GetProperty("title").Str("raw"));
        Assert.Equal("Tides &amp; times", post.GetProperty("title").Str("rendered"));
        Assert.Equal("High water at *noon*.", post.GetProperty("content").Str("raw"));
    }

    private static IReadOnlyList<string> Titles(JsonElement posts) => [.. posts.EnumerateArray().Select(p => p.GetProperty("title").Str("rendered"))];

    private static IReadOnlyList<string> Names(JsonElement terms) => [.. terms.EnumerateArray().Select(p => p.Str("name"))];

    private static async Task<int> UploadAsync(HttpClient admin)
    {
        var page = await HtmlPage.GetAsync(admin, "/admin/media");
        var content = new MultipartFormDataContent
        {
            { new StringContent(Newsroom.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("Boats moored at the harbour quay"), "Details.Alt" },
            { new StringContent("The quay at dawn."), "Details.Caption" },
            { new StringContent(""), "Details.Credit" },
        };
        var bytes = new ByteArrayContent(TestPictures.Jpeg(700, 500));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(bytes, "file", "quay.jpg");
        var response = await admin.PostAsync("/admin/media", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/', '?')[3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
