using System.Net;
using Broadsheet.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Import;

/// <summary>
/// `import wxr FILE` brings a WordPress site over: bylines, nested sections, tags, posts in every status with their
/// comments threaded, pages; bodies render as WordPress showed them and carry no script; every old URL answers 301.
/// Fixtures/newsroom.xml holds each construct.
/// </summary>
public sealed class WordPressImportTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "newsroom.xml");
    private readonly string _directory = BroadsheetApp.NewDataDirectory();
    private readonly List<string> _files = [];
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        BroadsheetApp.DeleteDataDirectory(_directory);
        foreach (var file in _files)
        {
            File.Delete(file);
        }
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<(int Exit, string Output, string Error)> ImportAsync(string file, params string[] options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>(TestDatabase.Settings(_directory)) { ["Broadsheet:SeedDemoContent"] = "false" };
        var exit = await BroadsheetCli.RunAsync(["import", "wxr", file, .. options], output, error, settings);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The report's table: "posts" → imported, updated, skipped, failed.</summary>
    private static Dictionary<string, string[]> ReportRows(string output) =>
        output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(r => r.Length == 5).ToDictionary(r => r[0], r => r[1..]);

    /// <summary>The site after the import, its clock after the fixture's last publication date (and before the spam among its comments is old enough to be purged).</summary>
    private BroadsheetApp Site()
    {
        var site = BroadsheetApp.At(_directory);
        site.Clock.SetUtcNow(new DateTimeOffset(2024, 7, 25, 12, 0, 0, TimeSpan.Zero));
        return site;
    }

    private static async Task<Broadsheet.Articles.Article> ArticleAsync(BroadsheetApp site, string title)
    {
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
        return await db.Articles.AsNoTracking().Include(a => a.Section).Include(a => a.Tags).Include(a => a.Authors).SingleAsync(a => a.Title == title);
    }

    [Fact]
    public async Task The_report_counts_what_was_imported_and_says_why_anything_was_skipped()
    {
        var (exit, output, error) = await ImportAsync(Fixture);

        Assert.True(exit == 0, error + output);
        var rows = ReportRows(output);
        Assert.Equal(["2", "0", "0", "0"], rows["authors"]);
        Assert.Equal(["4", "0", "0", "0"], rows["categories"]);
        Assert.Equal(["2", "0", "0", "0"], rows["tags"]);
        Assert.Equal(["7", "0", "1", "0"], rows["posts"]);
        Assert.Equal(["1", "0", "1", "0"], rows["pages"]);
        Assert.Equal(["2", "0", "0", "0"], rows["attachments"]);
        Assert.Equal(["9", "0", "1", "0"], rows["comments"]);
        Assert.Contains("post 106 skipped: its status is 'trash'", output);
        Assert.Contains("comment 10 on post 101 skipped: pingbacks are not kept", output);
        Assert.Contains("item 401 skipped: WordPress type 'nav_menu_item' has no counterpart here", output);
        Assert.Contains("[pullquote] in 1 post", output);
    }

    [Fact]
    public async Task Categories_become_nested_sections_and_a_post_keeps_its_byline_tags_dates_excerpt_and_stickiness()
    {
        Assert.Equal(0, (await ImportAsync(Fixture)).Exit);
        using var site = Site();

        var article = await ArticleAsync(site, "Harbour reopens after the storm");
        var other = await ArticleAsync(site, "Pending piece");

        Assert.Equal("world/europe/ports", article.Section.Path);
        Assert.Equal("Ports & Shipping", article.Section.Name);
        // WordPress's sticky post is pinned to the front page.
        Assert.True(article.Pinned);
        Assert.False(other.Pinned);
        Assert.Equal("harbour-reopens", article.Slug);
        Assert.Equal(["Ada Byrne"], article.Authors.Select(a => a.Name));
        Assert.Equal(["Energy", "Zürich"], article.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new DateTime(2024, 7, 15, 8, 30, 0, DateTimeKind.Utc), article.PublishedAt);
        Assert.Equal(new DateTime(2024, 7, 16, 9, 0, 0, DateTimeKind.Utc), article.UpdatedAt);
        Assert.Equal("The port is open again.", article.Dek);
        var page = await HtmlPage.GetAsync(site.Anonymous(), "/world/europe/ports/harbour-reopens/");
        Assert.Equal("Harbour reopens after the storm", page.QuerySelector("h1").Text());
    }

    [Fact]
    public async Task A_body_renders_as_wordpress_showed_it_with_shortcodes_as_html_and_no_script()
    {
        Assert.Equal(0, (await ImportAsync(Fixture)).Exit);
        using var site = Site();

        var html = (await ArticleAsync(site, "Harbour reopens after the storm")).BodyHtml;
        var body = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

        Assert.Equal("The quay was rebuilt in six weeks.<br>\nThe mayor cut the ribbon.", body.QuerySelector("p")!.InnerHtml);
        var figure = body.QuerySelector("figure")!;
        Assert.Equal("The new quay", figure.QuerySelector("img")!.GetAttribute("alt"));
        Assert.Equal("The quay at dawn", figure.QuerySelector("figcaption").Text());
        Assert.Equal("We kept our word.", body.QuerySelector("blockquote").Text());
        Assert.Equal("line one\n\nline three", body.QuerySelector("pre")!.TextContent);
        Assert.Equal(["People on the pier", "The new quay"], body.QuerySelectorAll("div figure img").Select(i => i.GetAttribute("alt")!).Order(StringComparer.Ordinal));
        Assert.Equal("https://video.example.net/watch?v=quay", body.QuerySelector("a[href*='video.example.net']")!.GetAttribute("href"));
        Assert.Equal("https://old.example.org/wp-content/uploads/2024/07/mayor.mp3", body.QuerySelector("audio source, audio a")!.GetAttribute("src") ?? body.QuerySelector("audio a")!.GetAttribute("href"));
        Assert.NotNull(body.QuerySelector("video"));
        Assert.Contains("[pullquote size=\"big\"]Unknown to us.[/pullquote]", body.Body!.TextContent);
        Assert.Contains("Closing words ]]> kept.", body.Body.TextContent);
        Assert.Empty(body.QuerySelectorAll("script"));
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_status_lands_where_it_belongs_and_titles_and_slugs_are_made_where_wordpress_had_none()
    {
        Assert.Equal(0, (await ImportAsync(Fixture)).Exit);
        using var site = Site();

        var draft = await ArticleAsync(site, "Ferry timetable draft");
        var pending = await ArticleAsync(site, "Pending piece");
        var privateNote = await ArticleAsync(site, "Private note");
        var future = await ArticleAsync(site, "Tomorrow's tide tables");
        var untitled = await ArticleAsync(site, "(no title)");
        var cyrillic = await ArticleAsync(site, "Привет, порт");

        Assert.Equal(Broadsheet.Articles.ArticleStatus.Draft, draft.Status);
        Assert.Null(draft.PublishedAt);
        Assert.Equal("ferry-timetable-draft", draft.Slug);
        Assert.True(pending.InReview);
        Assert.Equal(Broadsheet.Articles.ArticleStatus.Draft, privateNote.Status);
        Assert.Equal(Broadsheet.Articles.ArticleStatus.Scheduled, future.Status);
        Assert.Equal("harbour-reopens-2", untitled.Slug);
        Assert.Equal("post-108", cyrillic.Slug);
        await HtmlPage.GetAsync(site.Anonymous(), "/world/post-108/");
        await HtmlPage.GetAsync(site.Anonymous(), "/world/tide-tables/", 404);
    }

    [Fact]
    public async Task Comments_keep_their_threads_states_and_authors_and_the_ip_only_as_a_keyed_hash()
    {
        Assert.Equal(0, (await ImportAsync(Fixture)).Exit);
        using var site = Site();
        var article = await ArticleAsync(site, "Harbour reopens after the storm");
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();

        var comments = await db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.Name);

        Assert.Equal(9, comments.Count);
        Assert.Equal(Enumerable.Range(1, 5), new[] { "One", "Two", "Three", "Four", "Five" }.Select(n => comments[$"Reader {n}"].Depth));
        Assert.Equal(comments["Reader Four"].Id, comments["Reader Five"].ParentId);
        // Deeper than the site's five levels, a reply sits beside the deepest, as one posted here would.
        Assert.Equal((comments["Reader Four"].Id, 5), (comments["Reader Six"].ParentId!.Value, comments["Reader Six"].Depth));
        Assert.All(comments.Values.Where(c => c.Name.StartsWith("Reader", StringComparison.Ordinal)), c => Assert.Equal(comments["Reader One"].Id, c.ThreadId));
        Assert.Equal(Broadsheet.Comments.CommentStatus.Pending, comments["Waiting Reader"].Status);
        Assert.Equal(Broadsheet.Comments.CommentStatus.Spam, comments["Cheap Pills"].Status);
        Assert.Equal(Broadsheet.Comments.CommentStatus.Trash, comments["Binned Reader"].Status);
        Assert.Equal("First level, welcome back.", comments["Reader One"].Body);
        Assert.Equal("https://one.example.org", comments["Reader One"].Website);
        Assert.Equal(new DateTime(2024, 7, 15, 9, 0, 0, DateTimeKind.Utc), comments["Reader One"].CreatedAt);
        Assert.Equal(scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Secrets.SiteKeys>().IpHash("203.0.113.7"), comments["Reader One"].IpHash);
        Assert.False(await TestDatabase.ContainsTextAsync(_directory, "203.0.113.7"));
        var page = await HtmlPage.GetAsync(site.Anonymous(), "/world/europe/ports/harbour-reopens/");
        Assert.Contains("Sixth level.", page.Body!.TextContent);
        Assert.DoesNotContain("Held for moderation.", page.Body.TextContent);
        Assert.DoesNotContain("Buy now.", page.Body.TextContent);
    }

    [Fact]
    public async Task Old_permalinks_short_links_and_category_tag_and_author_archives_answer_301_to_the_new_addresses()
    {
        Assert.Equal(0, (await ImportAsync(Fixture)).Exit);
        using var site = Site();
        var client = site.Anonymous();

        async Task<string?> MovedAsync(string path)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{path}: {(int)response.StatusCode}");
            return response.Headers.Location?.OriginalString;
        }

        Assert.Equal("/world/europe/ports/harbour-reopens/", await MovedAsync("/2024/07/15/harbour-reopens/"));
        Assert.Equal("/world/europe/ports/harbour-reopens/", await MovedAsync("/?p=101"));
        Assert.Equal("/world/harbour-reopens-2/", await MovedAsync("/2024/07/23/harbour-reopens/"));
        Assert.Equal("/world/post-108/", await MovedAsync("/2024/07/24/%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82/"));
        Assert.Equal("/about-us/", await MovedAsync("/?page_id=201"));
        Assert.Equal("/world/europe/ports/", await MovedAsync("/category/world/europe/ports/"));
        Assert.Equal("/world/europe/ports/feed/", await MovedAsync("/category/world/europe/ports/feed/"));
        Assert.Equal("/author/ada-byrne/", await MovedAsync("/author/ada/"));
        Assert.Equal("/tag/zurich/", await MovedAsync("/tag/z%c3%bcrich/"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tag/energy/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/about-us/")).StatusCode);
        // A post that was not imported (it was in the trash): its short link is the home page, as any unknown query is.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/?p=106")).StatusCode);
    }

    [Fact]
    public async Task A_wxr_1_1_export_of_the_same_site_imports_exactly_as_1_2_does()
    {
        // WordPress 3.1–3.3 wrote WXR 1.1: the same elements under the 1.1 namespaces.
        var file = Path.GetTempFileName();
        _files.Add(file);
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(Fixture)).Replace("wordpress.org/export/1.2/", "wordpress.org/export/1.1/")
            .Replace("<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>1.1</wp:wxr_version>"));

        var (exit, output, error) = await ImportAsync(file);

        Assert.True(exit == 0, error + output);
        var rows = ReportRows(output);
        Assert.Equal(["7", "0", "1", "0"], rows["posts"]);
        Assert.Equal(["9", "0", "1", "0"], rows["comments"]);
        Assert.Equal(["4", "0", "0", "0"], rows["categories"]);
        using var site = Site();
        var article = await ArticleAsync(site, "Harbour reopens after the storm");
        Assert.Equal(("world/europe/ports", "The port is open again."), (article.Section.Path, article.Dek));
    }

    [Fact]
    public async Task Importing_the_same_export_again_updates_what_is_there_and_duplicates_nothing()
    {
        Assert.Equal(0, (await ImportAsync(Fixture)).Exit);
        var edited = Path.GetTempFileName();
        _files.Add(edited);
        await File.WriteAllTextAsync(edited, (await File.ReadAllTextAsync(Fixture)).Replace("Harbour reopens after the storm", "Harbour reopens at last"));

        var (exit, output, _) = await ImportAsync(edited);

        Assert.Equal(0, exit);
        var rows = ReportRows(output);
        Assert.Equal(["0", "7", "1", "0"], rows["posts"]);
        Assert.Equal(["0", "9", "1", "0"], rows["comments"]);
        Assert.Equal(["0", "4", "0", "0"], rows["categories"]);
        using var site = Site();
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
        Assert.Equal(7, await db.Articles.CountAsync());
        Assert.Equal(9, await db.Comments.CountAsync());
        Assert.Equal(4, await db.Sections.CountAsync());
        Assert.Equal(1, await db.StaticPages.CountAsync());
        var article = await db.Articles.SingleAsync(a => a.Slug == "harbour-reopens");
        Assert.Equal("Harbour reopens at last", article.Title);
        Assert.Equal(2, article.Version);
        Assert.Contains(article.Id, await SearchIdsAsync(site, "last"));
        // The body is HTML, and its words are searched as any article's are.
        Assert.Contains(article.Id, await SearchIdsAsync(site, "ribbon"));
        Assert.InRange(article.WordCount, 20, 200);
    }

    private static async Task<List<int>> SearchIdsAsync(BroadsheetApp site, string q)
    {
        var found = await BroadsheetApp.ExpectJsonAsync(await site.Anonymous().GetAsync($"/api/v1/search?q={q}"), 200);
        return [.. found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
    }

    [Fact]
    public async Task A_file_cut_off_halfway_keeps_every_post_read_before_it_with_its_comments_and_names_the_line()
    {
        var text = await File.ReadAllTextAsync(Fixture);
        var cut = text[..text.IndexOf("<title>Tomorrow's tide tables</title>", StringComparison.Ordinal)];
        var truncated = Path.GetTempFileName();
        _files.Add(truncated);
        await File.WriteAllTextAsync(truncated, cut);
        var lines = cut.Count(c => c == '\n') + 1;

        var (exit, output, _) = await ImportAsync(truncated);

        Assert.Equal(1, exit);
        Assert.Matches($"malformed or cut off at line {lines}, column \\d+", output);
        Assert.Contains("everything before it was imported", output);
        using var site = Site();
        var article = await ArticleAsync(site, "Harbour reopens after the storm");
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
        Assert.Equal(9, await db.Comments.CountAsync(c => c.ArticleId == article.Id));
        Assert.True(await db.Articles.AnyAsync(a => a.Title == "Private note"));
        Assert.False(await db.Articles.AnyAsync(a => a.Title == "Tomorrow's tide tables"));
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_or_not_there_is_refused_with_a_message()
    {
        var page = Path.GetTempFileName();
        _files.Add(page);
        await File.WriteAllTextAsync(page, "<html><body>Not an export</body></html>");

        var (exit, output, _) = await ImportAsync(page);
        var (missingExit, _, missing) = await ImportAsync("/nonexistent/export.xml");

        Assert.Equal(1, exit);
        Assert.Contains("This is not a WordPress export: the file starts with <html>, not <rss>", output);
        Assert.Equal(1, missingExit);
        Assert.Contains("There is no file '/nonexistent/export.xml'.", missing);
    }

    [Fact]
    public async Task A_wxr_1_0_export_naming_a_category_both_ways_imports_it_once()
    {
        var file = Path.GetTempFileName();
        _files.Add(file);
        await File.WriteAllTextAsync(file, """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.0/">
            <channel><title>Old</title><link>https://old.example.org</link><wp:wxr_version>1.0</wp:wxr_version>
            <item><title>Ferry runs again</title><link>https://old.example.org/ferry-runs-again/</link><dc:creator>ada</dc:creator>
            <content:encoded><![CDATA[The ferry runs again.]]></content:encoded><wp:post_id>5</wp:post_id>
            <wp:post_date_gmt>2024-07-01 08:00:00</wp:post_date_gmt><wp:post_name>ferry-runs-again</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
            <category><![CDATA[Uncategorized]]></category><category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
            <category domain="tag"><![CDATA[Ferries]]></category></item>
            </channel></rss>
            """);

        var (exit, output, _) = await ImportAsync(file);

        Assert.True(exit == 0, output);
        using var site = Site();
        var article = await ArticleAsync(site, "Ferry runs again");
        Assert.Equal("uncategorized", article.Section.Path);
        Assert.Equal(["Ferries"], article.Tags.Select(t => t.Name));
        Assert.Equal(["ada"], article.Authors.Select(a => a.Name));
        using var moved = await site.Anonymous().GetAsync("/category/uncategorized/");
        Assert.Equal("/uncategorized/", moved.Headers.Location?.OriginalString);
    }

    private string UploadsFolder()
    {
        var folder = Directory.CreateTempSubdirectory("wp-uploads-").FullName;
        _folders.Add(folder);
        return folder;
    }

    [Fact]
    public async Task Pictures_from_a_copy_of_wp_content_uploads_come_into_the_media_library_and_the_posts_show_them()
    {
        var uploads = UploadsFolder();
        Directory.CreateDirectory(Path.Combine(uploads, "2024", "07"));
        await File.WriteAllBytesAsync(Path.Combine(uploads, "2024", "07", "quay.jpg"), Broadsheet.Tests.Media.TestPictures.Jpeg(1200, 800));
        await File.WriteAllBytesAsync(Path.Combine(uploads, "2024", "07", "crowd.jpg"), Broadsheet.Tests.Media.TestPictures.Jpeg(900, 600));
        // First without the files (addresses only), as a site moving in two steps would.
        Assert.Equal(0, (await ImportAsync(Fixture)).Exit);

        var (exit, output, error) = await ImportAsync(Fixture, "--uploads", uploads);
        var (again, repeated, _) = await ImportAsync(Fixture, "--uploads", uploads);

        Assert.True(exit == 0, error + output);
        Assert.Contains("Pictures brought into the media library: 2.", output);
        Assert.Equal(0, again);
        Assert.DoesNotContain("Pictures brought", repeated);
        using var site = Site();
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
        Assert.Equal(2, await db.MediaItems.CountAsync());
        var quay = await db.MediaItems.SingleAsync(m => m.OriginalName == "quay.jpg");
        Assert.Equal(("The new quay", "The quay at dawn", 1200, 800), (quay.Alt, quay.Caption, quay.Width, quay.Height));
        Assert.Equal("People on the pier", (await db.MediaItems.SingleAsync(m => m.OriginalName == "crowd.jpg")).Alt);
        Assert.Equal(quay.Id, await db.ImportedItems.Where(i => i.Kind == "attachment" && i.SourceKey == "301").Select(i => i.LocalId).SingleAsync());

        // The post came before its pictures in the file: its body and featured picture are set when they arrive.
        var article = await ArticleAsync(site, "Harbour reopens after the storm");
        Assert.Equal(quay.Id, article.FeaturedImageId);
        var body = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(article.BodyHtml);
        var captioned = body.QuerySelector("figure picture img")!;
        Assert.StartsWith($"/media/uploads/{quay.Key}-", captioned.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Contains($"{quay.Key}-640.jpg 640w", captioned.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.Equal("The new quay", captioned.GetAttribute("alt"));
        Assert.All(body.QuerySelectorAll("div figure img"), img => Assert.StartsWith("/media/uploads/", img.GetAttribute("src"), StringComparison.Ordinal));
        Assert.DoesNotContain("/wp-content/uploads/2024/07/quay.jpg", article.BodyHtml, StringComparison.Ordinal);
        // Files that are not pictures keep the old site's address.
        Assert.Contains("https://old.example.org/wp-content/uploads/2024/07/mayor.mp3", article.BodyHtml, StringComparison.Ordinal);

        var client = site.Anonymous();
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync(SitePaths.Article(article.Section.Path, article.Slug)));
        var shown = page.QuerySelectorAll("img").Select(i => i.GetAttribute("src")!).Where(src => src.Contains(quay.Key, StringComparison.Ordinal)).ToList();
        Assert.True(shown.Count >= 2, "the featured picture and the body's picture");
        using var file = await client.GetAsync(shown[0]);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/jpeg", file.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pictures_are_fetched_from_the_old_site_over_http_and_what_cannot_be_had_keeps_its_address_with_a_reason()
    {
        // The old site: a real HTTP server on loopback with one picture, one text file and nothing else.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var oldSite = builder.Build();
        var ferry = Broadsheet.Tests.Media.TestPictures.Jpeg(800, 600);
        oldSite.MapGet("/wp-content/uploads/2024/08/ferry.jpg", () => Results.Bytes(ferry, "image/jpeg"));
        oldSite.MapGet("/wp-content/uploads/2024/08/notes.txt", () => Results.Text("minutes of the meeting"));
        await oldSite.StartAsync();
        var origin = oldSite.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        var file = Path.GetTempFileName();
        _files.Add(file);
        static string Attachment(int id, string url, string? attachedFile = null) => $"""
            <item><title>file {id}</title><wp:post_id>{id}</wp:post_id><wp:post_parent>5</wp:post_parent><wp:status>inherit</wp:status>
            <wp:post_type>attachment</wp:post_type><wp:attachment_url>{url}</wp:attachment_url><content:encoded><![CDATA[]]></content:encoded>
            {(attachedFile is null ? "" : $"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{attachedFile}</wp:meta_value></wp:postmeta>")}</item>
            """;
        await File.WriteAllTextAsync(file, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
            <channel><title>Old</title><link>{origin}</link><wp:wxr_version>1.2</wp:wxr_version>
            <item><title>Ferry runs again</title><link>{origin}/ferry-runs-again/</link><dc:creator>ada</dc:creator>
            <content:encoded><![CDATA[The ferry runs again. <img src="{origin}/wp-content/uploads/2024/08/ferry-300x225.jpg" alt="" width="300" height="225" />]]></content:encoded>
            <wp:post_id>5</wp:post_id><wp:post_date_gmt>2024-07-01 08:00:00</wp:post_date_gmt><wp:post_name>ferry-runs-again</wp:post_name><wp:status>publish</wp:status>
            <wp:post_type>post</wp:post_type><category domain="category" nicename="news"><![CDATA[News]]></category>
            <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>51</wp:meta_value></wp:postmeta></item>
            {Attachment(51, $"{origin}/wp-content/uploads/2024/08/ferry.jpg")}
            {Attachment(52, $"{origin}/wp-content/uploads/2024/08/notes.txt")}
            {Attachment(53, $"{origin}/wp-content/uploads/2024/08/gone.jpg")}
            {Attachment(54, $"{origin}/wp-content/uploads/2024/08/secret.jpg", "../../../../etc/passwd")}
            </channel></rss>
            """);

        var (exit, output, error) = await ImportAsync(file, "--uploads", UploadsFolder(), "--fetch");

        Assert.True(exit == 0, error + output);
        Assert.Contains("Pictures brought into the media library: 1.", output);
        Assert.Contains("attachment 52 keeps its old address: it is not a picture the media library takes", output);
        Assert.Contains($"attachment 53 keeps its old address: {origin}/wp-content/uploads/2024/08/gone.jpg answered 404", output);
        Assert.Contains("attachment 54 keeps its old address: its file path '../../../../etc/passwd' leads outside the uploads folder", output);
        using var site = Site();
        var article = await ArticleAsync(site, "Ferry runs again");
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
        var picture = await db.MediaItems.SingleAsync();
        Assert.Equal((picture.Id, "ferry.jpg", "file 51"), (article.FeaturedImageId!.Value, picture.OriginalName, picture.Alt));
        // The body asked for WordPress's 300×225 size of the same file: it now shows the library's copy, in all its sizes.
        var img = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(article.BodyHtml).QuerySelector("picture img")!;
        Assert.StartsWith($"/media/uploads/{picture.Key}-", img.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("file 51", img.GetAttribute("alt"));
    }
}
