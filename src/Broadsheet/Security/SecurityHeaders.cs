using System.Security.Cryptography;
using System.Text;
using Broadsheet.Site;
using Microsoft.Extensions.Options;

namespace Broadsheet.Security;

/// <summary>
/// The security headers every response carries, pages from the cache included (they are added as each response
/// starts, outside the cache): a strict Content-Security-Policy with no inline script and only the theme's one inline
/// style, allowed by its hash; no sniffing, no framing, a referrer policy, no powerful browser features; HSTS over
/// HTTPS. Violations are reported to <see cref="CspReports"/>.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptionsMonitor<SiteOptions> site)
{
    /// <summary>
    /// HttpContext.Items key of a response's own policy, for the one page that needs another: a newsletter's preview,
    /// which is an email's markup (inline styles, no scripts at all).
    /// </summary>
    public const string OwnPolicyKey = "security:own-csp";

    private CachedPolicy _policy = new(null, Policy(null));

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Items.TryGetValue(OwnPolicyKey, out var own) && own is string policy
                ? policy
                : PolicyFor(site.CurrentValue.AccentColor);
            headers["Reporting-Endpoints"] = $"csp=\"{CspReports.Path}\"";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            return Task.CompletedTask;
        });
        return next(http);
    }

    private string PolicyFor(string? accent)
    {
        var known = _policy;
        if (known.Accent == accent)
        {
            return known.Policy;
        }
        var policy = Policy(accent);
        _policy = new CachedPolicy(accent, policy);
        return policy;
    }

    private sealed record CachedPolicy(string? Accent, string Policy);

    private static string Policy(string? accent)
    {
        var style = accent is null ? "'self'" : $"'self' 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ThemeStyle.AccentRule(accent))))}'";
        // Article bodies may show images and media from other https sites (photo desks, CDNs); nothing else leaves.
        return "default-src 'self'; script-src 'self'; " + $"style-src {style}; "
            + "img-src 'self' data: https:; media-src 'self' https:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            + $"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; report-uri {CspReports.Path}; report-to csp";
    }
}

/// <summary>The theme's one inline style: the accent colour from the settings (validated as #rrggbb).</summary>
public static class ThemeStyle
{
    public static string AccentRule(string accent) => $":root {{ --accent: {accent}; }}";
}

/// <summary>Where browsers report what the policy blocked: logged for the operator, never stored.</summary>
public static class CspReports
{
    public const string Path = "/csp-report";
    private const int MaxReportBytes = 16 * 1024;

    public static async Task<IResult> ReceiveAsync(HttpRequest request, ILoggerFactory loggers, CancellationToken ct)
    {
        var buffer = new byte[MaxReportBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }
        if (length > MaxReportBytes)
        {
            return TypedResults.Problem("A violation report is at most 16 KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        loggers.CreateLogger(typeof(CspReports)).LogWarning("Content-Security-Policy violation: {Report}", Encoding.UTF8.GetString(buffer, 0, length));
        return TypedResults.NoContent();
    }
}
