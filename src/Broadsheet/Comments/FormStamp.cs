using System.Globalization;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Spam;

namespace Broadsheet.Comments;

/// <summary>
/// The comment form's token: a signed stamp of which article's form it is and the second it was shown. It is the
/// same for every reader, so the article page can be cached (and, being deterministic, keeps a stable ETag); a post
/// without a valid stamp for its article is refused, and so is a post another site's page made the reader's
/// browser send (<see cref="IsCrossSite"/>). The stamp's age and a field hidden from people that robots fill in
/// are also evidence for the spam filter.
/// </summary>
public sealed class FormStamp(SiteKeys keys, TimeProvider clock)
{
    public const string HoneypotField = "confirmUrl";
    public const string RefusedMessage = "This form has expired or did not come from this site. Please post your comment again.";
    private const string Purpose = "comment-form";

    public string Issue(int articleId)
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{articleId}.{clock.GetUtcNow().ToUnixTimeSeconds()}");
        return $"{value}.{keys.Signature(Purpose, value)}";
    }

    /// <summary>The evidence of a post carrying <paramref name="stamp"/>, or null when the stamp is missing, forged or another article's.</summary>
    public FormEvidence? Evidence(int articleId, string? stamp, string? honeypot)
    {
        var parts = (stamp ?? "").Split('.');
        if (parts.Length != 3 || parts[0] != articleId.ToString(CultureInfo.InvariantCulture)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !keys.IsSignature(Purpose, $"{parts[0]}.{parts[1]}", parts[2]))
        {
            return null;
        }
        return new FormEvidence(!string.IsNullOrEmpty(honeypot), clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>
    /// A browser says where a post comes from (Sec-Fetch-Site, or Origin in older browsers); a form on another
    /// site posting here is refused, as the cookie-bound antiforgery token would refuse it.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site.Count > 0)
        {
            return site.ToString() is not ("same-origin" or "none");
        }
        if (request.Headers.Origin is { Count: > 0 } origin && origin.ToString() is var value && value != "null")
        {
            return !Uri.TryCreate(value, UriKind.Absolute, out var uri)
                || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }
}
