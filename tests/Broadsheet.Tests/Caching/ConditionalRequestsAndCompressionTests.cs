using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Caching;

public sealed class ConditionalRequestsAndCompressionTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? ifNoneMatch = null, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        return await client.SendAsync(request);
    }

    private async Task<string> ArticlePathAsync() =>
        BroadsheetApp.PathOf(await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug")));

    [Fact]
    public async Task Pages_carry_a_strong_etag_and_a_matching_request_gets_304_from_the_cache_or_not()
    {
        var path = await ArticlePathAsync();
        var first = await GetAsync(app.Anonymous(), path);
        var etag = first.Headers.ETag;

        var cached = await GetAsync(app.Anonymous(), path, ifNoneMatch: etag?.Tag);
        var editor = await GetAsync(app.Editor(), path);
        var editorAgain = await GetAsync(app.Editor(), path, ifNoneMatch: editor.Headers.ETag?.Tag);
        var other = await GetAsync(app.Anonymous(), path, ifNoneMatch: "\"something-else\"");

        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Empty(await cached.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, editorAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_changed_page_has_a_new_etag()
    {
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var path = BroadsheetApp.PathOf(article);
        var etag = (await GetAsync(app.Anonymous(), path)).Headers.ETag?.Tag;

        await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { title = "A later headline" });
        var after = await GetAsync(app.Anonymous(), path, ifNoneMatch: etag);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_are_compressed_with_brotli_or_gzip_and_each_encoding_has_its_own_etag(string encoding)
    {
        var path = await ArticlePathAsync();
        var plain = await GetAsync(app.Anonymous(), path);

        var compressed = await GetAsync(app.Anonymous(), path, acceptEncoding: $"{encoding}, identity");
        var again = await GetAsync(app.Anonymous(), path, acceptEncoding: $"{encoding}, identity");
        await using var body = await compressed.Content.ReadAsStreamAsync();
        await using Stream decoder = encoding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
        var html = await new StreamReader(decoder).ReadToEndAsync();

        Assert.Equal([encoding], compressed.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.Contains("</html>", html);
        Assert.NotEqual(plain.Headers.ETag?.Tag, compressed.Headers.ETag?.Tag);
        Assert.NotNull(again.Headers.Age);
        Assert.Equal([encoding], again.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Api_answers_are_compressed_and_the_admin_is_not()
    {
        var api = await GetAsync(app.Anonymous(), "/api/v1/sections", acceptEncoding: "gzip");
        var admin = await GetAsync(app.Anonymous(), "/admin/login", acceptEncoding: "gzip");

        Assert.Equal(["gzip"], api.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Empty(admin.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Theme_files_have_fingerprinted_names_are_precompressed_and_immutable()
    {
        var reader = app.Anonymous();
        var page = await HtmlPage.GetAsync(reader, "/");
        var stylesheet = page.QuerySelector("link[rel=stylesheet]")?.GetAttribute("href") ?? "";
        var script = page.QuerySelector("script[src]")?.GetAttribute("src") ?? "";

        var css = await GetAsync(reader, stylesheet, acceptEncoding: "br");
        var js = await GetAsync(reader, script, acceptEncoding: "gzip");

        Assert.Matches(@"^/css/site\.[a-z0-9]+\.css$", stylesheet);
        Assert.Matches(@"^/js/[a-z-]+\.[a-z0-9]+\.js$", script);
        Assert.Equal(["br"], css.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], js.Content.Headers.ContentEncoding);
        Assert.Contains("immutable", css.Headers.CacheControl?.ToString());
        Assert.Contains("immutable", js.Headers.CacheControl?.ToString());
    }
}
