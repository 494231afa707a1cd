using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

/// <summary>Bound from "Broadsheet:Spam:Akismet": an optional external service speaking the Akismet protocol.</summary>
public sealed class AkismetOptions
{
    /// <summary>e.g. https://rest.akismet.com (or a compatible service). Off when empty.</summary>
    public string? BaseUrl { get; set; }

    public string? Key { get; set; }

    /// <summary>The site's address as registered with the service; defaults to Broadsheet:Site:BaseUrl.</summary>
    public string? Blog { get; set; }

    [Range(0.1, 30)]
    public double TimeoutSeconds { get; set; } = 2;

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(Key);

    /// <summary>The filter the notice under the form and the privacy page name: the one actually in use.</summary>
    public string FilterName
    {
        get
        {
            if (!Enabled)
            {
                return SpamFilter.Name;
            }
            var host = Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) ? uri.Host : BaseUrl;
            return host?.EndsWith("akismet.com", StringComparison.OrdinalIgnoreCase) == true ? "Akismet" : $"the spam service at {host}";
        }
    }
}

/// <summary>A comment as the Akismet protocol describes it.</summary>
public sealed record AkismetComment(
    string? UserIp, string? UserAgent, string Permalink, string Author, string AuthorEmail, string? AuthorUrl, string Content, DateTime CreatedAt);

/// <summary>
/// comment-check, submit-spam and submit-ham (https://akismet.com/developers/). Every call has a short time-out,
/// and any failure answers null: the built-in verdict then stands, and no comment is lost or blocked by an outage.
/// </summary>
public sealed class AkismetClient(HttpClient http, IOptionsMonitor<AkismetOptions> options, IOptionsMonitor<Site.SiteOptions> site, ILogger<AkismetClient> logger)
{
    public bool Enabled => options.CurrentValue.Enabled;

    /// <summary>true: spam; false: not spam; null: no answer (off, time-out, error).</summary>
    public async Task<bool?> CheckAsync(AkismetComment comment, CancellationToken ct) =>
        await CallAsync("comment-check", comment, ct) switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };

    public async Task<bool> SubmitAsync(AkismetComment comment, bool spam, CancellationToken ct) =>
        await CallAsync(spam ? "submit-spam" : "submit-ham", comment, ct) is not null;

    private async Task<string?> CallAsync(string method, AkismetComment comment, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (settings is not { Enabled: true, BaseUrl: { } baseUrl })
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await http.PostAsync($"{baseUrl.TrimEnd('/')}/1.1/{method}", new FormUrlEncodedContent(Fields(comment, settings)), timeout.Token);
            var body = (await response.Content.ReadAsStringAsync(timeout.Token)).Trim();
            if (!response.IsSuccessStatusCode || body is "invalid" || response.Headers.Contains("X-akismet-debug-help"))
            {
                logger.LogWarning("The spam service answered {Method} with {Status} \"{Body}\"; the built-in verdict stands.", method, (int)response.StatusCode, body);
                return null;
            }
            return body;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The spam service did not answer {Method} in time; the built-in verdict stands.", method);
            return null;
        }
    }

    private Dictionary<string, string> Fields(AkismetComment comment, AkismetOptions settings) => new()
    {
        ["api_key"] = settings.Key ?? "",
        ["blog"] = settings.Blog ?? site.CurrentValue.PublicBaseUrl,
        ["user_ip"] = comment.UserIp ?? "",
        ["user_agent"] = comment.UserAgent ?? "",
        ["permalink"] = comment.Permalink,
        ["comment_type"] = "comment",
        ["comment_author"] = comment.Author,
        ["comment_author_email"] = comment.AuthorEmail,
        ["comment_author_url"] = comment.AuthorUrl ?? "",
        ["comment_content"] = comment.Content,
        ["comment_date_gmt"] = comment.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["blog_charset"] = "UTF-8",
    };
}
