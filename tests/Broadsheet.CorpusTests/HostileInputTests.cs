using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.CorpusTests;

/// <summary>Naughty strings and XSS payloads from ../shared/data: never a 500, never live script.</summary>
public sealed class HostileInputTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static List<string> NaughtyStrings() =>
        JsonSerializer.Deserialize<List<string>>(File.ReadAllText(SharedData.Path("naughty", "blns.json"))) ?? [];

    private static List<string> XssPayloads() =>
        [.. File.ReadAllText(SharedData.Path("xss", "payloads.txt")).Split('\n').Where(l => l.Length > 0)];

    [Fact]
    public async Task Naughty_strings_as_titles_bodies_tags_and_searches_never_cause_a_500()
    {
        var section = await app.CreateSectionAsync();
        var editor = app.Editor();
        var reader = app.Anonymous();
        var strings = NaughtyStrings();
        var failures = new List<string>();

        foreach (var text in strings)
        {
            var title = text.Length > 300 ? text[..300] : text;
            var create = await editor.PostAsJsonAsync("/api/v1/articles", new
            {
                title = title + " " + Guid.NewGuid().ToString("N")[..6],
                body = text.Length == 0 ? "(empty)" : text,
                dek = title,
                section = section.Str("slug"),
                tags = new[] { title },
                authors = new[] { title },
                status = "published",
            });
            if ((int)create.StatusCode >= 500 || create.StatusCode == HttpStatusCode.TooManyRequests)
            {
                failures.Add($"POST {JsonSerializer.Serialize(text)} → {(int)create.StatusCode}");
                continue;
            }
            if (create.StatusCode == HttpStatusCode.Created)
            {
                var article = await create.Content.ReadFromJsonAsync<JsonElement>();
                var page = await reader.GetAsync(BroadsheetApp.PathOf(article));
                if (page.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"GET page of {JsonSerializer.Serialize(text)} → {(int)page.StatusCode}");
                }
            }
            var search = await reader.GetAsync($"/search?q={Uri.EscapeDataString(text)}");
            if ((int)search.StatusCode >= 500)
            {
                failures.Add($"search {JsonSerializer.Serialize(text)} → {(int)search.StatusCode}");
            }
        }

        Assert.True(strings.Count > 400, $"only {strings.Count} strings read");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(BroadsheetApp.PathOf(section))).StatusCode);
    }

    [Fact]
    public void Xss_payloads_in_markdown_render_without_script_handlers_or_script_urls()
    {
        var renderer = new MarkdownRenderer();
        var parser = new HtmlParser();
        var payloads = XssPayloads();
        var failures = new List<string>();

        foreach (var payload in payloads)
        {
            var document = parser.ParseDocument(renderer.Render(payload).Html);
            foreach (var element in document.All)
            {
                var dangerous = element.LocalName is "script" or "iframe" or "object" or "embed" or "svg" or "math" or "style"
                    || element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                        || (a.Name is "href" or "src" or "action" or "formaction" or "xlink:href" && !IsSafeUrl(a.Value)));
                if (dangerous && element.LocalName is not ("html" or "head" or "body"))
                {
                    failures.Add($"{payload} → {element.OuterHtml}");
                }
            }
        }

        Assert.True(payloads.Count > 500, $"only {payloads.Count} payloads read");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public async Task Naughty_strings_and_xss_payloads_as_comments_never_cause_a_500_or_live_markup()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Comments:PageSize"] = "500",
            ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
            // One editor approves over a thousand comments in a few seconds: more than a token's rate limit allows.
            ["Broadsheet:RateLimits:Api:Permits"] = "100000",
        });
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));
        var reader = app.Anonymous();
        var failures = new List<string>();
        var inputs = NaughtyStrings().Concat(XssPayloads()).ToList();
        var answers = new Dictionary<string, int>();

        for (var i = 0; i < inputs.Count; i++)
        {
            var text = inputs[i];
            var (status, body) = await reader.PostCommentAsync(article.Id(), new
            {
                comment = text.Length == 0 ? "(empty)" : text,
                name = text.Length is > 0 and <= 245 ? text : "Tester",
                email = $"corpus{i}@example.org",
                website = text.StartsWith("http", StringComparison.OrdinalIgnoreCase) && text.Length <= 200 ? text : null,
            });
            var answer = status == 201 ? "201" : $"{status} {Truncate(body.GetRawText(), 120)}";
            answers[answer] = answers.GetValueOrDefault(answer) + 1;
            if (status >= 500)
            {
                failures.Add($"comment {JsonSerializer.Serialize(text)} → {status}");
            }
            else if (status == 201)
            {
                var approve = await app.Editor().PostAsync($"/api/v1/comments/{body.Id()}/approve", null);
                if (!approve.IsSuccessStatusCode)
                {
                    failures.Add($"approve {JsonSerializer.Serialize(text)} → {(int)approve.StatusCode}");
                }
            }
        }
        var shown = 0;
        for (var cpage = 1; cpage <= 3; cpage++)
        {
            var page = await reader.GetAsync($"{BroadsheetApp.PathOf(article)}?cpage={cpage}");
            var comments = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync()).QuerySelector("#comments");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.NotNull(comments);
            shown += comments.QuerySelectorAll(".comment-content").Length;
            Assert.Empty(comments.QuerySelectorAll(".comment-content script, .comment-content img, .comment-content iframe, .comment-content svg"));
            Assert.DoesNotContain(comments.QuerySelectorAll(".comment-content *"), e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(shown > 1000, $"only {shown} comments shown; answers: "
            + string.Join("; ", answers.OrderByDescending(a => a.Value).Take(12).Select(a => $"{a.Value}× {a.Key}")));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    [Fact]
    public async Task Naughty_strings_and_payloads_as_slugs_and_sign_in_fields_are_refused_with_a_message_never_a_500()
    {
        // Over a thousand edits with one token in a minute or so: more than its rate limit allows.
        using var site = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:RateLimits:Api:Permits"] = "100000" });
        var section = await site.CreateSectionAsync();
        var article = await site.CreateArticleAsync(section.Str("slug"));
        var inputs = NaughtyStrings().Concat(XssPayloads()).ToList();
        var failures = new List<string>();
        var signIn = site.Anonymous();

        for (var i = 0; i < inputs.Count; i++)
        {
            var text = inputs[i];
            var slug = await site.Editor().PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { slug = text });
            if ((int)slug.StatusCode >= 500 || !(slug.IsSuccessStatusCode || slug.StatusCode == HttpStatusCode.UnprocessableEntity || slug.StatusCode == HttpStatusCode.Conflict))
            {
                failures.Add($"slug {JsonSerializer.Serialize(text)} → {(int)slug.StatusCode}");
            }
            // Each sign-in costs a password hash: every sixth input is enough to cover the kinds.
            if (i % 6 == 0)
            {
                var form = await HtmlPage.GetAsync(signIn, "/admin/login");
                var response = await signIn.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "",
                    ["email"] = text, ["password"] = text, ["returnUrl"] = text,
                }));
                var page = await HtmlPage.ParseAsync(response);
                if ((int)response.StatusCode >= 500 || page.QuerySelector(".form-error") is null)
                {
                    failures.Add($"sign-in {JsonSerializer.Serialize(text)} → {(int)response.StatusCode} without the form's message");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(HttpStatusCode.OK, (await site.Anonymous().GetAsync(BroadsheetApp.PathOf(
            await BroadsheetApp.ExpectJsonAsync(await site.Anonymous().GetAsync($"/api/v1/articles/{article.Id()}"), 200)))).StatusCode);
    }

    /// <summary>A relative URL, or one whose scheme is http, https or mailto.</summary>
    private static bool IsSafeUrl(string value)
    {
        var url = new string([.. value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]);
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var delimiter = url.IndexOfAny(['/', '?', '#']);
        if (colon <= 0 || (delimiter >= 0 && delimiter < colon))
        {
            return true;
        }
        return url[..colon].ToLowerInvariant() is "http" or "https" or "mailto";
    }
}
