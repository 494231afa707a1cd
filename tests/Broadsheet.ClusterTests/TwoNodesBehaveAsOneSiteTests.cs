using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Broadsheet.ClusterTests;

/// <summary>Two nodes behind nginx, on one PostgreSQL and one Redis: whatever node a request reaches, it is one site.</summary>
public sealed partial class TwoNodesBehaveAsOneSiteTests(Cluster cluster) : IClassFixture<Cluster>
{
    [Fact]
    public async Task A_reader_searching_through_both_nodes_meets_one_rate_limit()
    {
        using var a = Cluster.Client(cluster.A.Url);
        using var b = Cluster.Client(cluster.B.Url);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await a.GetAsync($"/search?q={Cluster.Unique("quay").Replace(' ', '+')}")).StatusCode);
            answers.Add((await b.GetAsync($"/search?q={Cluster.Unique("quay").Replace(' ', '+')}")).StatusCode);
        }
        var refused = await a.GetAsync($"/search?q={Cluster.Unique("harbour").Replace(' ', '+')}");
        var refusedByTheOther = await b.GetAsync($"/search?q={Cluster.Unique("harbour").Replace(' ', '+')}");

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedByTheOther.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_article_published_edited_and_deleted_on_node_a_is_found_changed_and_gone_in_search_on_node_b()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var id = article.GetProperty("id").GetInt32();
        var word = article.GetProperty("title").GetString()!.Split(' ')[^1];
        using var editorOnA = Cluster.Client(cluster.A.Url, editor: true);
        // With a token the search API counts against the API's limit, not the search limit another test spends.
        using var b = Cluster.Client(cluster.B.Url, editor: true);
        async Task<List<int>> FoundOnBAsync(string q) => [.. (await Cluster.ExpectJsonAsync(await b.GetAsync($"/api/v1/search?q={q}"), 200))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];

        var found = await FoundOnBAsync(word);
        var renamedWord = Guid.NewGuid().ToString("N")[..10];
        (await editorOnA.PatchAsJsonAsync($"/api/v1/articles/{id}", new { title = $"Ferry timetable {renamedWord}" })).EnsureSuccessStatusCode();
        var foundByNewTitle = await FoundOnBAsync(renamedWord);
        var foundByOldTitle = await FoundOnBAsync(word);
        (await editorOnA.DeleteAsync($"/api/v1/articles/{id}")).EnsureSuccessStatusCode();
        var afterDelete = await FoundOnBAsync(renamedWord);

        Assert.Equal([id], found);
        Assert.Equal([id], foundByNewTitle);
        Assert.Empty(foundByOldTitle);
        Assert.Empty(afterDelete);
    }

    [Fact]
    public async Task A_comment_posted_through_node_a_is_visible_through_node_b()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var id = article.GetProperty("id").GetInt32();
        using var a = Cluster.Client(cluster.A.Url);
        using var b = Cluster.Client(cluster.B.Url);

        var posted = await Cluster.ExpectJsonAsync(await a.PostAsJsonAsync($"/api/v1/articles/{id}/comments", new
        {
            comment = "Posted on one node, read on the other.", name = "Ada", email = "ada@example.org",
        }), 201);
        var listed = await Cluster.ExpectJsonAsync(await b.GetAsync($"/api/v1/articles/{id}/comments"), 200);
        var page = await b.GetStringAsync(new Uri(article.GetProperty("url").GetString()!).AbsolutePath);

        Assert.Equal("approved", posted.GetProperty("status").GetString());
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt32() == posted.GetProperty("id").GetInt32());
        Assert.Contains("Posted on one node, read on the other.", page);
    }

    [Fact]
    public async Task A_page_cached_by_one_node_is_served_by_the_other_and_an_edit_on_a_purges_it_for_b_at_once()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        using var a = Cluster.Client(cluster.A.Url);
        using var b = Cluster.Client(cluster.B.Url);
        using var editor = Cluster.Client(cluster.A.Url, editor: true);
        // Cached pages are kept per host name; behind nginx every node sees the site's (proxy_set_header Host).
        a.DefaultRequestHeaders.Host = b.DefaultRequestHeaders.Host = cluster.Proxy.Authority;

        using var rendered = await b.GetAsync(path);
        await Cluster.WaitUntilCachedAsync(b, path);
        using var fromSharedCache = await a.GetAsync(path);
        var renamed = Cluster.Unique("Quay opens early");
        (await editor.PatchAsJsonAsync($"/api/v1/articles/{article.GetProperty("id").GetInt32()}", new { title = renamed })).EnsureSuccessStatusCode();
        var afterEdit = await b.GetStringAsync(path);

        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
        Assert.True(fromSharedCache.Headers.Age is not null, "node A should answer from the page node B rendered");
        Assert.Contains(renamed, afterEdit);
    }

    [Fact]
    public async Task A_section_renamed_on_node_a_is_renamed_in_node_b_navigation_at_once()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        using var b = Cluster.Client(cluster.B.Url);
        using var editor = Cluster.Client(cluster.A.Url, editor: true);
        var sectionId = (await Cluster.ExpectJsonAsync(await editor.GetAsync($"/api/v1/articles/{article.GetProperty("id").GetInt32()}"), 200))
            .GetProperty("section").GetString();
        var sections = await Cluster.ExpectJsonAsync(await editor.GetAsync("/api/v1/sections?limit=100"), 200);
        var section = sections.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("slug").GetString() == sectionId);

        await Cluster.WaitUntilCachedAsync(b, path);
        var renamed = Cluster.Unique("Harbour desk");
        (await editor.PatchAsJsonAsync($"/api/v1/sections/{section.GetProperty("id").GetInt32()}", new { name = renamed })).EnsureSuccessStatusCode();
        var afterRename = await b.GetStringAsync(path);

        // Node B's section tree is its own memory: the rename reached it through Redis, not by its 30-second expiry.
        Assert.Contains(renamed, afterRename);
    }

    [Fact]
    public async Task A_sign_in_on_node_a_is_valid_on_node_b()
    {
        var cookies = new CookieContainer();
        using var a = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = cluster.A.Url };
        using var b = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = cluster.B.Url };

        var form = await a.GetStringAsync("/admin/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var signIn = await a.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = Cluster.AdminEmail, ["password"] = Cluster.AdminPassword, ["returnUrl"] = "/admin/", ["__RequestVerificationToken"] = token,
        }));
        using var dashboardOnB = await b.GetAsync("/admin/");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboardOnB.StatusCode);
    }

    [Fact]
    public async Task A_setting_saved_on_node_a_is_in_force_on_node_b_at_once_and_a_variable_set_on_the_nodes_wins()
    {
        var cookies = new CookieContainer();
        using var a = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = cluster.A.Url };
        using var b = Cluster.Client(cluster.B.Url);
        var login = await a.GetStringAsync("/admin/login");
        using var signedIn = await a.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = Cluster.AdminEmail, ["password"] = Cluster.AdminPassword, ["__RequestVerificationToken"] = AntiforgeryToken().Match(login).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        (await b.GetAsync("/")).EnsureSuccessStatusCode(); // cached on the way, with the old tagline
        var tagline = Cluster.Unique("News from both nodes");

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await a.GetStringAsync("/admin/settings"));
        var fields = new Dictionary<string, string>();
        foreach (var element in page.QuerySelectorAll("form.settings-form [name]"))
        {
            if (element.HasAttribute("disabled") || element.GetAttribute("type") == "checkbox" && !element.HasAttribute("checked"))
            {
                continue;
            }
            fields[element.GetAttribute("name")!] = element.LocalName switch
            {
                "textarea" => element.TextContent,
                "select" => element.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                _ => element.GetAttribute("value") ?? "",
            };
        }
        fields["Broadsheet:Site:Tagline"] = tagline;
        fields["Broadsheet:Comments:FloodIntervalSeconds"] = "60";
        using var saved = await a.PostAsync("/admin/settings", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // Node B hears of the save over Redis (its own re-read, every 30 s, is the fallback).
        await Cluster.WaitUntilAsync(async () => (await b.GetStringAsync("/")).Contains(tagline, StringComparison.Ordinal), "node B shows the new tagline", seconds: 10);
        Assert.Equal("Set by the environment variable Broadsheet__Comments__FloodIntervalSeconds: change it there.",
            page.QuerySelector("#Broadsheet-Comments-FloodIntervalSeconds-source")?.TextContent.Trim());
        var after = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await a.GetStringAsync("/admin/settings"));
        Assert.Equal("0", after.QuerySelector("#Broadsheet-Comments-FloodIntervalSeconds")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Views_counted_on_both_nodes_add_up_exactly_and_a_reader_seen_on_both_counts_once()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var id = article.GetProperty("id").GetInt32();
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;

        // Ten readers: six read on node A, four on node B, and four of A's readers read it again on node B.
        foreach (var (reader, node) in Enumerable.Range(0, 6).Select(r => (r, cluster.A))
            .Concat(Enumerable.Range(6, 4).Select(r => (r, cluster.B)))
            .Concat(Enumerable.Range(0, 4).Select(r => (r, cluster.B))))
        {
            using var client = Cluster.Client(node.Url);
            client.DefaultRequestHeaders.UserAgent.ParseAdd($"Mozilla/5.0 Reader{reader}/1.0");
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }

        Assert.Equal(10, await SettledViewsAsync(cluster.B, id, atLeast: 10));
    }

    [Fact]
    public async Task Readers_behind_nginx_count_as_themselves_not_as_the_proxy()
    {
        var article = await Cluster.CreateArticleAsync(cluster.A);
        var id = article.GetProperty("id").GetInt32();
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;

        // One browser build, three readers behind a CDN edge that nginx trusts; the first of them comes back.
        foreach (var reader in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.1" })
        {
            using var client = Cluster.Client(cluster.Proxy);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 SameBrowser/1.0");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", reader);
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }

        Assert.Equal(3, await SettledViewsAsync(cluster.A, id, atLeast: 3));
    }

    [Fact]
    public async Task Readers_reach_the_site_through_nginx_and_both_nodes_answer_there()
    {
        var article = await Cluster.CreateArticleAsync(cluster.B);
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        using var proxy = Cluster.Client(cluster.Proxy);

        var posted = await Cluster.ExpectJsonAsync(await proxy.PostAsJsonAsync($"/api/v1/articles/{article.GetProperty("id").GetInt32()}/comments", new
        {
            comment = "Through the proxy, to whichever node.", name = "Bea", email = "bea@example.org",
        }), 201);
        var pages = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            pages.Add(await proxy.GetStringAsync(path));
        }
        var ready = await Cluster.ExpectJsonAsync(await proxy.GetAsync("/readyz"), 200);

        Assert.Equal("approved", posted.GetProperty("status").GetString());
        Assert.All(pages, p => Assert.Contains("Through the proxy, to whichever node.", p));
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("up", ready.GetProperty("dependencies").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("up", ready.GetProperty("dependencies").GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task WordPress_clients_reading_through_nginx_get_the_sites_public_addresses_from_either_node()
    {
        var article = await Cluster.CreateArticleAsync(cluster.B);
        var id = article.GetProperty("id").GetInt32();
        var path = new Uri(article.GetProperty("url").GetString()!).AbsolutePath;
        using var proxy = Cluster.Client(cluster.Proxy);
        var origin = $"{cluster.Proxy.Scheme}://{cluster.Proxy.Authority}";

        var home = await proxy.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        var posts = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            posts.Add(await Cluster.ExpectJsonAsync(await proxy.GetAsync($"/wp-json/wp/v2/posts/{id}"), 200));
        }

        Assert.Contains($"<{origin}/wp-json/>; rel=\"https://api.w.org/\"", string.Join(", ", home.Headers.GetValues("Link")));
        Assert.All(posts, post =>
        {
            Assert.Equal(origin + path, post.GetProperty("link").GetString());
            Assert.Equal($"{origin}/wp-json/wp/v2/posts/{id}", post.GetProperty("_links").GetProperty("self")[0].GetProperty("href").GetString());
        });
    }

    [Fact]
    public async Task A_picture_uploaded_through_nginx_to_one_node_is_served_by_both()
    {
        var cookies = new CookieContainer();
        HttpClient Via(Uri url) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = url };
        using var proxy = Via(cluster.Proxy);
        var login = await proxy.GetStringAsync("/admin/login");
        using var signIn = await proxy.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = Cluster.AdminEmail, ["password"] = Cluster.AdminPassword, ["__RequestVerificationToken"] = AntiforgeryToken().Match(login).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        // Noise does not compress: a photo-sized file, larger than nginx's default 1 MB body limit.
        using var bitmap = new SkiaSharp.SKBitmap(1400, 1000);
        var random = new Random(11);
        var pixels = new byte[bitmap.ByteCount];
        random.NextBytes(pixels);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var encoded = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 100);
        var photo = encoded.ToArray();
        Assert.True(photo.Length > 1024 * 1024, $"the test photo is {photo.Length} bytes");

        var media = await proxy.GetStringAsync("/admin/media");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(media).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent("Static on an old television"), "Details.Alt" },
            { new ByteArrayContent(photo), "file", "static.jpg" },
        };
        using var uploaded = await proxy.PostAsync("/admin/media", content);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Redirect, $"{uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}\n{cluster.Logs}");
        using var nodeB = Via(cluster.B.Url);
        var page = await nodeB.GetStringAsync(uploaded.Headers.Location!.OriginalString);
        var src = Regex.Match(page, "<img src=\"(/media/uploads/[^\"]+)\"").Groups[1].Value;

        foreach (var node in new[] { cluster.A, cluster.B })
        {
            using var reader = Cluster.Client(node.Url);
            using var picture = await reader.GetAsync(src);
            Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
            Assert.Equal("image/jpeg", picture.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task An_export_uploaded_through_nginx_runs_on_one_node_is_followed_from_either_and_a_correction_then_shows_on_both()
    {
        var cookies = new CookieContainer();
        HttpClient Via(Uri url) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = url };
        using var proxy = Via(cluster.Proxy);
        var login = await proxy.GetStringAsync("/admin/login");
        using var signIn = await proxy.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = Cluster.AdminEmail, ["password"] = Cluster.AdminPassword, ["__RequestVerificationToken"] = AntiforgeryToken().Match(login).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var postId = Random.Shared.Next(100_000, 900_000);
        var slug = $"night-ferry-{postId}";
        var export = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
            <channel><title>Old Gazette</title><link>https://old.example.org</link><wp:wxr_version>1.2</wp:wxr_version>
            <item><title>Night ferry returns {postId}</title><link>https://old.example.org/2024/07/{slug}/</link><dc:creator>ada</dc:creator>
            <content:encoded><![CDATA[The night ferry runs again from Friday.]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
            <wp:post_id>{postId}</wp:post_id><wp:post_date_gmt>2024-07-01 08:00:00</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>
            <wp:post_type>post</wp:post_type><category domain="category" nicename="harbour"><![CDATA[Harbour]]></category></item>
            </channel></rss>
            """;

        var form = await proxy.GetStringAsync("/admin/import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(form).Groups[1].Value), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(export)), "file", "old-gazette.xml" },
        };
        using var started = await proxy.PostAsync("/admin/import", content);
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"{started.StatusCode}: {await started.Content.ReadAsStringAsync()}\n{cluster.Logs}");
        var runId = started.Headers.Location!.OriginalString.Split("run=")[1];
        // Whichever node the page is asked of shows the run's report once it has ended.
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            using var direct = Via(node.Url);
            var shown = "";
            try
            {
                await Cluster.WaitUntilAsync(async () => Regex.IsMatch(shown = await direct.GetStringAsync("/admin/import"), $"id=\"run-{runId}\"[^>]*>\\s*<h3>old-gazette.xml <span class=\"import-state\">\\(done\\)"),
                    $"the import's report on node {node.Name}");
            }
            catch (TimeoutException)
            {
                Assert.Fail($"run {runId} on node {node.Name}:\n{shown}\n{cluster.Logs}");
            }
        }
        using var api = Cluster.Client(cluster.Proxy, editor: true);
        var post = (await Cluster.ExpectJsonAsync(await api.GetAsync($"/wp-json/wp/v2/posts?slug={slug}"), 200))[0];
        var path = new Uri(post.GetProperty("link").GetString()!).AbsolutePath;
        using var oldLink = await Cluster.Client(cluster.Proxy).GetAsync($"/?p={postId}");
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            using var reader = Cluster.Client(node.Url);
            await Cluster.WaitUntilCachedAsync(reader, path);
        }

        var note = await Cluster.ExpectJsonAsync(await api.PostAsJsonAsync($"/api/v1/articles/{post.GetProperty("id").GetInt32()}/corrections",
            new { kind = "correction", text = $"The ferry runs from Saturday, not Friday ({postId})." }), 201);

        Assert.Equal(HttpStatusCode.MovedPermanently, oldLink.StatusCode);
        Assert.Equal(path, oldLink.Headers.Location?.OriginalString);
        Assert.Equal("correction", note.GetProperty("kind").GetString());
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            using var reader = Cluster.Client(node.Url);
            await Cluster.WaitUntilAsync(async () => (await reader.GetStringAsync(path)).Contains($"not Friday ({postId})", StringComparison.Ordinal),
                $"the correction on node {node.Name}'s cached page", seconds: 10);
        }
    }

    /// <summary>
    /// An article's views in Most Popular, read through <paramref name="node"/> once at least
    /// <paramref name="atLeast"/> are saved and three more flushes (every second on both nodes) have had the chance to
    /// save any view twice or late.
    /// </summary>
    private static async Task<long> SettledViewsAsync(Cluster.Node node, int articleId, long atLeast)
    {
        using var api = Cluster.Client(node.Url);
        async Task<long> ViewsAsync()
        {
            var popular = await Cluster.ExpectJsonAsync(await api.GetAsync("/api/v1/popular?window=1d&limit=50"), 200);
            return popular.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("articleId").GetInt32() == articleId)
                .Select(i => i.GetProperty("views").GetInt64()).FirstOrDefault();
        }
        await Cluster.WaitUntilAsync(async () => await ViewsAsync() >= atLeast, $"{atLeast} views to be saved", seconds: 30);
        var settled = DateTime.UtcNow.AddSeconds(3);
        await Cluster.WaitUntilAsync(() => Task.FromResult(DateTime.UtcNow > settled), "three more flushes", seconds: 10);
        return await ViewsAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
