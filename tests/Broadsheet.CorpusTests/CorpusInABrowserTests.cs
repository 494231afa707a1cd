using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.BrowserTests;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.CorpusTests;

/// <summary>
/// The naughty strings and XSS payloads stored through the public inputs (article fields, tags, authors, comments,
/// search), then every page that shows them opened in Debian's Chromium: articles, their comment pages, the front,
/// section, tag and author pages, searches, feeds and the admin's dashboard and spam queue. No payload runs script
/// (no dialog, no call to alert, confirm or prompt) and the Content-Security-Policy reports no violation.
/// </summary>
public sealed class CorpusInABrowserTests(Browser browser) : IClassFixture<Browser>
{
    private const string Password = "a long corpus passphrase";

    // Runs before any page script, through DevTools, so the site's own policy stays as strict as it is.
    private const string Watch = """
        window.__ran = [];
        for (const name of ['alert', 'confirm', 'prompt', 'print']) {
          window[name] = (...args) => { window.__ran.push(name + '(' + args.join(',') + ')'); };
        }
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.__violations.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    private static List<string> Corpus() =>
    [
        .. JsonSerializer.Deserialize<List<string>>(File.ReadAllText(SharedData.Path("naughty", "blns.json"))) ?? [],
        .. File.ReadAllText(SharedData.Path("xss", "payloads.txt")).Split('\n').Where(l => l.Length > 0),
    ];

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    [Fact]
    public async Task No_stored_payload_runs_script_or_breaks_the_policy_on_any_page()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Comments:PageSize"] = "500",
            ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
            ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
            ["Broadsheet:Comments:MaxLinks"] = "0",
            ["Broadsheet:RateLimits:Enabled"] = "false",
            ["Broadsheet:BootstrapAdmin:Email"] = "corpus@example.org",
            ["Broadsheet:BootstrapAdmin:Password"] = Password,
        });
        var origin = KestrelApp.Start(app);
        var editor = app.Editor();
        var corpus = Corpus();
        var section = await app.CreateSectionAsync();
        var pages = new List<string> { "/", BroadsheetApp.PathOf(section), "/feed/", "/comments/feed/" };

        // Articles: forty payloads each, in the title, dek, body, a tag and an author.
        JsonElement? commentsArticle = null;
        foreach (var chunk in corpus.Chunk(40))
        {
            var response = await editor.PostAsJsonAsync("/api/v1/articles", new
            {
                title = Cut(chunk[0], 200) + " " + Guid.NewGuid().ToString("N")[..6],
                dek = Cut(chunk[^1], 200),
                body = string.Join("\n\n", chunk),
                section = section.Str("slug"),
                tags = new[] { Cut(chunk[1], 60) + " " + Guid.NewGuid().ToString("N")[..4] },
                authors = new[] { Cut(chunk[2], 60) + " " + Guid.NewGuid().ToString("N")[..4] },
                status = "published",
            });
            Assert.True((int)response.StatusCode < 500, $"article of {chunk[0]} → {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var article = await response.Content.ReadFromJsonAsync<JsonElement>();
                commentsArticle ??= article;
                pages.Add(BroadsheetApp.PathOf(article));
            }
        }
        Assert.True(pages.Count > 20, $"only {pages.Count - 4} articles stored");

        // Comments: every payload, as text, name and website, approved (or left in the spam queue by the filter).
        var articleId = commentsArticle!.Value.Id();
        var reader = app.Anonymous();
        for (var i = 0; i < corpus.Count; i++)
        {
            var text = corpus[i].Trim().Length == 0 ? "(empty)" : corpus[i];
            var (status, body) = await reader.PostCommentAsync(articleId, new
            {
                comment = text,
                name = text.Length <= 245 ? text : "Tester",
                email = $"corpus{i}@example.org",
                website = text.StartsWith("http", StringComparison.OrdinalIgnoreCase) && text.Length <= 200 ? text : null,
            });
            Assert.True(status < 500, $"comment {text} → {status}");
            if (status == 201 && body.Str("status") == "pending")
            {
                await editor.PostAsync($"/api/v1/comments/{body.Id()}/approve", null);
            }
        }
        var articlePath = BroadsheetApp.PathOf(commentsArticle.Value);
        pages.AddRange([$"{articlePath}?cpage=2", $"{articlePath}?cpage=3"]);
        foreach (var listing in new[] { "/api/v1/tags?limit=100", "/api/v1/authors?limit=100" })
        {
            var items = (await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync(listing), 200)).GetProperty("items").EnumerateArray();
            pages.AddRange(items.Select(BroadsheetApp.PathOf));
        }
        // Searches: every eighth payload as the query.
        pages.AddRange(corpus.Where((_, i) => i % 8 == 0).Select(q => "/search?q=" + Uri.EscapeDataString(Cut(q, 200))));

        var context = await browser.Chromium.NewContextAsync();
        await context.AddInitScriptAsync(Watch);
        var page = await context.NewPageAsync();
        var findings = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            findings.Add($"dialog {dialog.Type}: {dialog.Message} on {page.Url}");
            await dialog.DismissAsync();
        };

        async Task VisitAsync(string path)
        {
            var response = await page.GotoAsync(origin + path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            if (response is not null && response.Status >= 500)
            {
                findings.Add($"{response.Status} on {path}");
            }
            var ran = await page.EvaluateAsync<string[]>("window.__ran || []");
            var violations = await page.EvaluateAsync<string[]>("window.__violations || []");
            findings.AddRange(ran.Select(r => $"script ran {r} on {path}"));
            findings.AddRange(violations.Select(v => $"CSP {v} on {path}"));
        }

        foreach (var path in pages)
        {
            await VisitAsync(path);
        }
        await page.GotoAsync(origin + "/admin/login");
        await page.FillAsync("#email", "corpus@example.org");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        // Polled, not WaitForURLAsync, which can miss a navigation that lands first (playwright-dotnet#3364).
        await Assertions.Expect(page).ToHaveURLAsync(origin + "/admin/", new() { Timeout = 30_000 });
        foreach (var path in new[] { "/admin/", "/admin/spam/" })
        {
            await VisitAsync(path);
        }
        await context.CloseAsync();

        Assert.True(findings.Count == 0, string.Join("\n", findings.Take(30)));
    }
}
