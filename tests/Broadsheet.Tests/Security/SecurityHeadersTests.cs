using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Security;

/// <summary>Every response carries the security headers, a page served from the cache as much as a fresh one.</summary>
public sealed partial class SecurityHeadersTests(SecurityHeadersTests.ThemedApp app) : IClassFixture<SecurityHeadersTests.ThemedApp>
{
    public sealed class ThemedApp() : BroadsheetApp(null, new Dictionary<string, string?>
    {
        ["Broadsheet:Site:AccentColor"] = "#0b5394",
        ["Broadsheet:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
    });

    private static void AssertHeaders(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'", "report-uri /csp-report" })
        {
            Assert.Contains(directive, csp);
        }
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
    }

    [Fact]
    public async Task Fresh_and_cached_pages_the_api_and_errors_carry_the_headers()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));
        using var fresh = await app.Anonymous().GetAsync(BroadsheetApp.PathOf(article));
        using var cached = await app.Anonymous().GetAsync(BroadsheetApp.PathOf(article));
        using var api = await app.Anonymous().GetAsync("/api/v1/sections");
        using var missing = await app.Anonymous().GetAsync("/no-such-page/");
        using var login = await app.Anonymous().GetAsync("/admin/login");

        Assert.NotNull(cached.Headers.Age);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { fresh, cached, api, missing, login })
        {
            AssertHeaders(response);
        }
        Assert.False(fresh.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_themes_one_inline_style_is_allowed_by_its_hash_and_nothing_else_inline_is()
    {
        using var response = await app.Anonymous().GetAsync("/");
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        var style = Assert.Single(page.QuerySelectorAll("style"));
        Assert.Contains("#0b5394", style.TextContent);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.TextContent)));
        Assert.Equal([hash], StyleHash().Matches(csp).Select(m => m.Groups[1].Value));
        // JSON-LD blocks are data, which browsers never run (and CSP does not govern); every other script is a file.
        Assert.All(page.QuerySelectorAll("script"), s => Assert.True(!string.IsNullOrEmpty(s.GetAttribute("src")) || s.GetAttribute("type") == "application/ld+json", "inline script"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task Hsts_is_sent_when_the_site_is_reached_over_https()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add(BroadsheetApp.ClientIpHeader, "10.0.0.5");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await app.Anonymous().SendAsync(request);

        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task A_violation_report_is_taken_and_an_oversized_one_refused()
    {
        using var report = new StringContent("""{"csp-report":{"document-uri":"http://localhost/","violated-directive":"script-src"}}""", Encoding.UTF8, "application/csp-report");
        using var taken = await app.Anonymous().PostAsync("/csp-report", report);
        using var huge = new StringContent(new string('x', 20_000), Encoding.UTF8, "application/csp-report");
        using var refused = await app.Anonymous().PostAsync("/csp-report", huge);

        Assert.Equal(HttpStatusCode.NoContent, taken.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
    }

    [GeneratedRegex("'sha256-([^']+)'")]
    private static partial Regex StyleHash();
}
