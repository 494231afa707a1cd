using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Broadsheet.Tests.Media;

/// <summary>
/// The media library through its admin pages: real pictures made by the test are uploaded, checked by their content,
/// re-encoded into responsive variants without their EXIF data, described, used by articles and deleted.
/// </summary>
public sealed class MediaLibraryTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, byte[] file, string fileName, string? alt = "Boats moored at the harbour quay", string? credit = null)
    {
        var page = await HtmlPage.GetAsync(admin, "/admin/media");
        var content = new MultipartFormDataContent
        {
            { new StringContent(Newsroom.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(alt ?? ""), "Details.Alt" },
            { new StringContent("The quay at dawn."), "Details.Caption" },
            { new StringContent(credit ?? ""), "Details.Credit" },
        };
        var bytes = new ByteArrayContent(file);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(bytes, "file", fileName);
        return await admin.PostAsync("/admin/media", content);
    }

    private static int IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/', '?')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> CountAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().MediaItems.CountAsync();
    }

    private static async Task<byte[]> FetchAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task A_camera_photo_is_stored_upright_in_every_width_as_WebP_and_JPEG_without_its_location()
    {
        var author = await app.MemberAsync(UserRole.Author);
        var camera = TestPictures.JpegWithLocation(2400, 1800);
        Assert.True(TestPictures.Contains(camera, "Exif"u8.ToArray()));

        var id = IdFrom(await UploadAsync(author.Admin, camera, "IMG_2041.JPG", credit: "Ana Costa / Harbour Press"));
        var page = await HtmlPage.GetAsync(author.Admin, $"/admin/media/{id}?done=uploaded");
        var img = page.QuerySelector(".media-item picture img")!;
        var webp = page.QuerySelector(".media-item picture source[type='image/webp']")!.GetAttribute("srcset")!;
        var srcset = img.GetAttribute("srcset")!;
        var urls = srcset.Split(", ").Select(s => s.Split(' ')[0]).Concat(webp.Split(", ").Select(s => s.Split(' ')[0])).ToList();
        var largest = await app.Anonymous().GetAsync(urls[3]);
        var largestBytes = await largest.Content.ReadAsByteArrayAsync();

        Assert.Equal(["320w", "640w", "1024w", "1600w"], srcset.Split(", ").Select(s => s.Split(' ')[1]));
        Assert.Equal(8, urls.Count);
        Assert.All(urls.Take(4), u => Assert.EndsWith(".jpg", u, StringComparison.Ordinal));
        Assert.All(urls.Skip(4), u => Assert.EndsWith(".webp", u, StringComparison.Ordinal));
        Assert.Equal(("1600", "2133"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal("Boats moored at the harbour quay", img.GetAttribute("alt"));
        Assert.Contains("Photo: Ana Costa / Harbour Press", page.QuerySelector(".media-item figcaption").Text());
        Assert.Equal("public, max-age=31536000, immutable", largest.Headers.CacheControl?.ToString());
        var (width, height, format, origin) = TestPictures.Inspect(largestBytes);
        Assert.Equal((1600, 2133, SKEncodedImageFormat.Jpeg, SKEncodedOrigin.TopLeft), (width, height, format, origin));
        // The camera's top-left corner (the red block) is top-right once the picture is turned upright.
        Assert.True(TestPictures.PixelAt(largestBytes, 0.95f, 0.05f).Red > 200);
        Assert.True(TestPictures.PixelAt(largestBytes, 0.05f, 0.05f).Red < 120);
        foreach (var url in urls)
        {
            var bytes = await FetchAsync(app.Anonymous(), url);
            Assert.False(TestPictures.Contains(bytes, "Exif"u8.ToArray()), $"{url} still has an EXIF block");
        }
        Assert.Equal("webp", TestPictures.Inspect(await FetchAsync(app.Anonymous(), urls[4])).Format.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task The_type_is_read_from_the_content_and_anything_but_a_picture_is_refused_with_nothing_stored()
    {
        var author = await app.MemberAsync(UserRole.Author);
        var before = await CountAsync();
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"u8.ToArray();
        var text = "Minutes of the harbour committee, not a picture."u8.ToArray();

        var asSvg = await UploadAsync(author.Admin, svg, "logo.jpg");
        var asText = await UploadAsync(author.Admin, text, "minutes.png");
        var refusedPage = await HtmlPage.ParseAsync(asText);
        var pngNamedJpeg = IdFrom(await UploadAsync(author.Admin, TestPictures.Png(500, 300), "chart.jpg"));
        var gif = IdFrom(await UploadAsync(author.Admin, TestPictures.Gif(300, 200), "map.gif"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asSvg.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, asText.StatusCode);
        Assert.Equal(Broadsheet.Media.ImageVariants.NotAnImageMessage, refusedPage.QuerySelector("#file-error").Text());
        Assert.Equal("Boats moored at the harbour quay", refusedPage.QuerySelector("#alt")!.GetAttribute("value"));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        Assert.Equal(before + 2, await db.MediaItems.CountAsync());
        var png = await db.MediaItems.SingleAsync(m => m.Id == pngNamedJpeg);
        var fromGif = await db.MediaItems.SingleAsync(m => m.Id == gif);
        Assert.Equal(("png", "320,500"), (png.Format, png.Widths));
        Assert.Equal(("png", "300"), (fromGif.Format, fromGif.Widths));
        var pngVariant = await FetchAsync(app.Anonymous(), $"/media/uploads/{png.Key}-500.png");
        Assert.Equal(SKEncodedImageFormat.Png, TestPictures.Inspect(pngVariant).Format);
    }

    [Fact]
    public async Task Alt_text_is_required_and_a_file_over_the_limit_or_too_many_pixels_gets_the_fields_message()
    {
        using var small = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Media:MaxUploadMegabytes"] = "1",
            ["Broadsheet:Media:MaxMegapixels"] = "1",
        });
        var author = await small.MemberAsync(UserRole.Author);
        var noise = new byte[1_500_000];
        new Random(7).NextBytes(noise);
        byte[] oversize = [.. TestPictures.Jpeg(100, 100), .. noise];

        var withoutAlt = await HtmlPage.ParseAsync(await UploadAsync(author.Admin, TestPictures.Jpeg(400, 300), "quay.jpg", alt: " "));
        var tooLarge = await UploadAsync(author.Admin, oversize, "quay.jpg");
        var tooLargePage = await HtmlPage.ParseAsync(tooLarge);
        var tooManyPixels = await HtmlPage.ParseAsync(await UploadAsync(author.Admin, TestPictures.Png(1200, 1000), "wide.png"));
        var wayTooLarge = await UploadAsync(author.Admin, new byte[3_000_000], "huge.jpg");

        Assert.Equal(Broadsheet.Media.MediaLibrary.AltRequired, withoutAlt.QuerySelector("#alt-error").Text());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLarge.StatusCode);
        Assert.Equal("This file is 1.4 MB; pictures may be at most 1 MB.", tooLargePage.QuerySelector("#file-error").Text());
        Assert.StartsWith("This picture is 1200 × 1000 pixels; at most 1 megapixels", tooManyPixels.QuerySelector("#file-error").Text());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, wayTooLarge.StatusCode);
        using var scope = small.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().MediaItems.CountAsync());
        Assert.False(Directory.Exists(Path.Combine(small.DataDirectory, "media", "uploads", "2024")));
    }

    [Fact]
    public async Task Contributors_cannot_upload_and_authors_change_only_their_own_pictures()
    {
        var contributor = await app.MemberAsync(UserRole.Contributor);
        var author = await app.MemberAsync(UserRole.Author);
        var colleague = await app.MemberAsync(UserRole.Author);
        var editor = await app.MemberAsync(UserRole.Editor);
        var id = IdFrom(await UploadAsync(author.Admin, TestPictures.Jpeg(800, 600), "quay.jpg"));

        var contributorPage = await contributor.Admin.GetAsync("/admin/media");
        var colleaguePage = await HtmlPage.GetAsync(colleague.Admin, $"/admin/media/{id}");
        var colleagueDelete = await colleague.Admin.PostAsync($"/admin/media/{id}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(colleaguePage),
        }));
        var editorPage = await HtmlPage.GetAsync(editor.Admin, $"/admin/media/{id}");
        var forged = await editor.Admin.PostAsync($"/admin/media/{id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Details.Alt"] = "Forged" }));
        var described = await editor.Admin.PostAsync($"/admin/media/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(editorPage), ["Details.Alt"] = "Fishing boats at the north quay", ["Details.Credit"] = "Harbour Press",
        }));
        var after = await HtmlPage.GetAsync(author.Admin, $"/admin/media/{id}");

        Assert.Equal(HttpStatusCode.Redirect, contributorPage.StatusCode);
        Assert.Contains("/admin/denied", contributorPage.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(colleaguePage.QuerySelector("form.media-delete"));
        Assert.Equal(HttpStatusCode.Forbidden, colleagueDelete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, described.StatusCode);
        Assert.Equal("Fishing boats at the north quay", after.QuerySelector(".media-item picture img")!.GetAttribute("alt"));
    }

    [Fact]
    public async Task A_featured_image_uploaded_in_the_editor_shows_on_the_article_the_home_page_and_in_link_previews()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var title = BroadsheetApp.Unique("Quay rebuilt");
        var form = await HtmlPage.GetAsync(editor.Admin, "/admin/articles/new");
        var content = new MultipartFormDataContent
        {
            { new StringContent(Newsroom.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new StringContent(title), "Form.Title" },
            { new StringContent("The work took two years."), "Form.Body" },
            { new StringContent(section), "Form.Section" },
            { new StringContent("0"), "Form.FeaturedImage" },
            { new StringContent("0"), "Form.SocialImage" },
            { new StringContent("The new quay wall at low tide"), "FeaturedUpload.Alt" },
            { new StringContent("Harbour Press"), "FeaturedUpload.Credit" },
            { new StringContent("publish"), "intent" },
        };
        content.Add(new ByteArrayContent(TestPictures.Jpeg(1800, 1200)), "featuredFile", "quay-wall.jpg");

        var saved = await editor.Admin.PostAsync("/admin/articles/new", content);
        var articleId = IdFrom(saved);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{articleId}"), 200);
        var article = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(stored));
        var home = await HtmlPage.GetAsync(app.Anonymous(), "/");
        var editorPage = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles/{articleId}");

        var picture = article.QuerySelector("article figure.picture img")!;
        Assert.Equal("The new quay wall at low tide", picture.GetAttribute("alt"));
        Assert.Equal(("1600", "1067"), (picture.GetAttribute("width"), picture.GetAttribute("height")));
        Assert.Contains("1600w", picture.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.NotNull(picture.GetAttribute("sizes"));
        Assert.Contains("Photo: Harbour Press", article.QuerySelector("article figure.picture figcaption").Text());
        var ogImage = article.QuerySelector("meta[property='og:image']")!.GetAttribute("content")!;
        Assert.StartsWith("http", ogImage, StringComparison.Ordinal);
        Assert.EndsWith("-1600.jpg", ogImage, StringComparison.Ordinal);
        Assert.Equal("1600", article.QuerySelector("meta[property='og:image:width']")!.GetAttribute("content"));
        var card = home.QuerySelectorAll(".article-card").Single(c => c.TextContent.Contains(title, StringComparison.Ordinal));
        Assert.Equal("lazy", card.QuerySelector("img")!.GetAttribute("loading"));
        Assert.Equal(stored.GetProperty("featuredImage").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            editorPage.QuerySelector("#featuredImage option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_library_picture_placed_in_the_text_gets_all_its_sizes_and_its_dimensions_and_others_stay_as_written()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var id = IdFrom(await UploadAsync(editor.Admin, TestPictures.Jpeg(1800, 1200), "lighthouse.jpg", alt: "The lighthouse from the beach"));
        var itemPage = await HtmlPage.GetAsync(editor.Admin, $"/admin/media/{id}");
        var markdown = itemPage.QuerySelector("#markdown")!.GetAttribute("value")!;
        var section = (await app.CreateSectionAsync()).Str("slug");

        var article = await app.CreateArticleAsync(section, new
        {
            body = $"The light was restored.\n\n{markdown}\n\n![A drawing](https://pictures.example.org/drawing.png)\n\nIt shines again.",
        });
        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));

        var placed = page.QuerySelector(".article-body picture img")!;
        Assert.StartsWith("![The lighthouse from the beach](/media/uploads/", markdown, StringComparison.Ordinal);
        Assert.Equal(("1600", "1067"), (placed.GetAttribute("width"), placed.GetAttribute("height")));
        Assert.Equal(4, placed.GetAttribute("srcset")!.Split(", ").Length);
        Assert.Equal("lazy", placed.GetAttribute("loading"));
        Assert.NotNull(placed.GetAttribute("sizes"));
        Assert.Contains("-1600.webp 1600w", page.QuerySelector(".article-body picture source[type='image/webp']")!.GetAttribute("srcset"), StringComparison.Ordinal);
        var drawing = page.QuerySelectorAll(".article-body img").Single(i => i.GetAttribute("alt") == "A drawing");
        Assert.Null(drawing.GetAttribute("srcset"));
        Assert.Equal("https://pictures.example.org/drawing.png", drawing.GetAttribute("src"));
    }

    [Fact]
    public async Task A_refused_upload_in_the_editor_saves_nothing_and_keeps_the_text_typed()
    {
        var author = await app.MemberAsync(UserRole.Author);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var form = await HtmlPage.GetAsync(author.Admin, "/admin/articles/new");
        var content = new MultipartFormDataContent
        {
            { new StringContent(Newsroom.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new StringContent("Storm closes the ferry"), "Form.Title" },
            { new StringContent("Crossings stop until Friday."), "Form.Body" },
            { new StringContent(section), "Form.Section" },
            { new StringContent(""), "FeaturedUpload.Alt" },
            { new StringContent("save"), "intent" },
        };
        content.Add(new ByteArrayContent(TestPictures.Jpeg(400, 300)), "featuredFile", "ferry.jpg");
        var before = await CountAsync();

        var response = await author.Admin.PostAsync("/admin/articles/new", content);
        var page = await HtmlPage.ParseAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Crossings stop until Friday.", page.QuerySelector("#body").Text());
        Assert.Contains(Broadsheet.Media.MediaLibrary.AltRequired, page.QuerySelector("details.picture-upload").Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("details.picture-upload[open]"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Deleting_a_picture_says_where_it_is_used_first_and_leaves_its_articles_without_it()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var id = IdFrom(await UploadAsync(editor.Admin, TestPictures.Jpeg(700, 500), "ferry.jpg"));
        var section = (await app.CreateSectionAsync()).Str("slug");
        var created = await app.CreateArticleAsync(section, new { featuredImage = id });
        var path = BroadsheetApp.PathOf(created);
        var withPicture = await HtmlPage.GetAsync(app.Anonymous(), path);

        var page = await HtmlPage.GetAsync(editor.Admin, $"/admin/media/{id}");
        var src = page.QuerySelector(".media-item picture img")!.GetAttribute("src")!;
        var deleted = await editor.Admin.PostAsync($"/admin/media/{id}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(page),
        }));
        var without = await HtmlPage.GetAsync(app.Anonymous(), path);
        var gone = await app.Anonymous().GetAsync(src);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{created.GetProperty("id").GetInt32()}"), 200);

        Assert.Contains(created.Str("title"), page.QuerySelector("section[aria-labelledby=usage-heading]").Text(), StringComparison.Ordinal);
        Assert.Contains("go on without a picture", page.QuerySelector("form.media-delete").Text(), StringComparison.Ordinal);
        Assert.NotNull(withPicture.QuerySelector("article figure.picture"));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(without.QuerySelector("article figure.picture"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stored.GetProperty("featuredImage").ValueKind);
    }
}
