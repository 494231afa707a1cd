using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Import;

/// <summary>
/// /admin/import: an administrator uploads a WordPress export, the page follows the run (refreshing itself while it
/// runs) and shows its report; a file that is not an export, no file, or a second import while one runs is refused
/// with the form's message.
/// </summary>
public sealed class ImportPageTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "newsroom.xml");
    private readonly BroadsheetApp _site = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:SeedDemoContent"] = "false" });

    public void Dispose() => _site.Dispose();

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, byte[]? file, string fileName = "newsroom.wordpress.xml", bool fetch = false)
    {
        var page = await HtmlPage.GetAsync(admin, "/admin/import");
        var content = new MultipartFormDataContent { { new StringContent(Newsroom.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        if (fetch)
        {
            content.Add(new StringContent("true"), "fetch");
        }
        if (file is not null)
        {
            var bytes = new ByteArrayContent(file);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
            content.Add(bytes, "file", fileName);
        }
        return await admin.PostAsync("/admin/import", content);
    }

    /// <summary>The import page until the run has ended (bounded: the fixture takes well under a second).</summary>
    private static async Task<AngleSharp.Dom.IDocument> EndedAsync(HttpClient admin, int runId)
    {
        for (var i = 0; i < 300; i++)
        {
            var page = await HtmlPage.GetAsync(admin, "/admin/import");
            if (page.QuerySelector($"#run-{runId} .import-report") is not null)
            {
                return page;
            }
            Assert.NotNull(page.QuerySelector("meta[http-equiv='refresh']"));
            Assert.NotNull(page.QuerySelector("progress#import-progress"));
            await Task.Delay(100);
        }
        throw new TimeoutException("The import did not end within 30 seconds.");
    }

    [Fact]
    public async Task An_administrator_uploads_an_export_watches_it_run_and_reads_its_report()
    {
        var admin = await _site.MemberAsync(UserRole.Administrator);

        var started = await UploadAsync(admin.Admin, await File.ReadAllBytesAsync(Fixture));

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var runId = int.Parse(started.Headers.Location!.OriginalString.Split("run=")[1], System.Globalization.CultureInfo.InvariantCulture);
        var page = await EndedAsync(admin.Admin, runId);
        var run = page.QuerySelector($"#run-{runId}")!;
        Assert.Contains("newsroom.wordpress.xml (done)", run.QuerySelector("h3")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("7 posts.", run.TextContent, StringComparison.Ordinal);
        var report = run.QuerySelector(".import-report")!.TextContent;
        Assert.Matches(@"posts\s+7\s+0\s+1\s+0", report);
        Assert.Matches(@"comments\s+9\s+0\s+1\s+0", report);
        // Finished: the form is back, no refresh, no progress bar.
        Assert.NotNull(page.QuerySelector("form.import-upload input[type=file][name=file]"));
        Assert.Null(page.QuerySelector("meta[http-equiv='refresh']"));

        using var scope = _site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        Assert.Equal(7, await db.Articles.CountAsync());
        var saved = await db.ImportRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal((admin.UserId, false, saved.TotalBytes), (saved.StartedById!.Value, saved.Failed, saved.Bytes));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == Broadsheet.Audit.AuditActions.ImportStarted && e.Subject == "newsroom.wordpress.xml"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_site.DataDirectory, "imports")));
        using var moved = await _site.Anonymous().GetAsync("/?p=101");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
    }

    [Fact]
    public async Task No_file_a_file_that_is_not_an_export_and_a_second_import_while_one_runs_are_refused_with_the_forms_message()
    {
        var admin = await _site.MemberAsync(UserRole.Administrator);

        using var none = await UploadAsync(admin.Admin, null);
        using var html = await UploadAsync(admin.Admin, "<html><body>Not an export</body></html>"u8.ToArray(), "page.html");
        using var doctype = await UploadAsync(admin.Admin, "<!DOCTYPE html><html><body>Not an export</body></html>"u8.ToArray(), "page.html");
        using (var scope = _site.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            var now = _site.Clock.GetUtcNow().UtcDateTime;
            db.ImportRuns.Add(new Broadsheet.Import.ImportRun { FileName = "big-site.xml", StartedAt = now, UpdatedAt = now, TotalBytes = 1000, Bytes = 400, Posts = 250 });
            await db.SaveChangesAsync();
        }
        var running = await HtmlPage.GetAsync(admin.Admin, "/admin/import");
        _site.Clock.Advance(Broadsheet.Import.ImportRuns.Silence / 2);
        using var second = await PostWhileRunningAsync(admin.Admin);
        // Not heard from for longer than the silence allows: that run stopped (its node went down), and a new one may start.
        _site.Clock.Advance(Broadsheet.Import.ImportRuns.Silence);
        var stopped = await HtmlPage.GetAsync(admin.Admin, "/admin/import");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains(Broadsheet.Import.ImportRuns.ChooseFile, (await HtmlPage.ParseAsync(none)).QuerySelector("#file-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, html.StatusCode);
        Assert.Contains("This is not a WordPress export: the file starts with <html>, not <rss>.", (await HtmlPage.ParseAsync(html)).QuerySelector("#file-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, doctype.StatusCode);
        Assert.Contains("This is not a WordPress export: it starts with a DOCTYPE", (await HtmlPage.ParseAsync(doctype)).QuerySelector("#file-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("40", running.QuerySelector("progress#import-progress")!.GetAttribute("value"));
        Assert.Contains("250 posts so far", running.QuerySelector("#import-status")!.TextContent, StringComparison.Ordinal);
        Assert.Null(running.QuerySelector("form.import-upload"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("An import is already running (big-site.xml)", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("stopped before the end", stopped.QuerySelector(".import-state")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(stopped.QuerySelector("form.import-upload"));
        using var scope2 = _site.Services.CreateScope();
        Assert.Equal(0, await scope2.ServiceProvider.GetRequiredService<BroadsheetDb>().Articles.CountAsync());
    }

    [Fact]
    public async Task An_export_over_the_upload_limit_is_refused_with_the_limit_named_and_the_command_line_offered()
    {
        using var site = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:SeedDemoContent"] = "false", ["Broadsheet:Import:MaxUploadMegabytes"] = "1" });
        var admin = await site.MemberAsync(UserRole.Administrator);
        var export = await File.ReadAllBytesAsync(Fixture);
        byte[] Padded(int megabytes) => [.. export, .. System.Text.Encoding.UTF8.GetBytes("<!--" + new string(' ', megabytes * 1024 * 1024) + "-->")];

        // Over the setting but within the request's allowance for the form around it: the page's own message.
        using var over = await UploadAsync(admin.Admin, Padded(1));
        // Far over: refused before the body is read, by the request-size check, with the same limit named.
        using var farOver = await UploadAsync(admin.Admin, Padded(3));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Contains("an export uploaded here may be at most 1 MB (the command line's `import wxr` takes any size)",
            (await HtmlPage.ParseAsync(over)).QuerySelector("#file-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, farOver.StatusCode);
        Assert.Contains("An export uploaded here may be at most 1 MB", (await BroadsheetApp.ExpectJsonAsync(farOver, 413)).Str("detail"), StringComparison.Ordinal);
        using var scope = site.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().ImportRuns.ToListAsync());
    }

    [Fact]
    public async Task An_import_is_refused_while_another_node_or_the_command_line_holds_the_import_lease()
    {
        var admin = await _site.MemberAsync(UserRole.Administrator);
        var leases = _site.Services.GetRequiredService<Broadsheet.Infrastructure.Jobs.Leases>();

        HttpResponseMessage refused;
        await using (await leases.AcquireAsync(Broadsheet.Import.ImportRuns.LeaseName, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            refused = await UploadAsync(admin.Admin, await File.ReadAllBytesAsync(Fixture));
        }
        using var afterwards = await UploadAsync(admin.Admin, await File.ReadAllBytesAsync(Fixture));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("An import is already running (on another node, or from the command line)",
            (await HtmlPage.ParseAsync(refused)).QuerySelector("#file-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
    }

    /// <summary>While a run is shown as running the page has no form; a form kept open from before still posts.</summary>
    private static async Task<HttpResponseMessage> PostWhileRunningAsync(HttpClient admin)
    {
        var page = await HtmlPage.GetAsync(admin, "/admin/account");
        var content = new MultipartFormDataContent { { new StringContent(Newsroom.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(Fixture));
        content.Add(bytes, "file", "newsroom.xml");
        return await admin.PostAsync("/admin/import", content);
    }
}
