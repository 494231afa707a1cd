using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Broadsheet.Site;

/// <summary>Bound from "Broadsheet:Site".</summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string Section = "Broadsheet:Site";

    [Required, StringLength(120)]
    public string Title { get; set; } = "Broadsheet";

    [StringLength(300)]
    public string? Tagline { get; set; } = "Independent news, carefully told";

    /// <summary>IANA id, e.g. Europe/Berlin: the date bar and date archives follow it.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    [Required]
    public string Culture { get; set; } = "en-US";

    /// <summary>A logo shown instead of the site name in the masthead, e.g. "/media/logo.svg" (files in the data directory's media folder).</summary>
    public string? LogoUrl { get; set; }

    [Range(1, 2000)]
    public int LogoWidth { get; set; } = 240;

    [Range(1, 1000)]
    public int LogoHeight { get; set; } = 60;

    /// <summary>The theme's accent colour (links on hover, section labels, quotes), as #rrggbb.</summary>
    [RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "Broadsheet:Site:AccentColor must look like #9b1c1c.")]
    public string? AccentColor { get; set; }

    /// <summary>The navigation menu; empty means Home and the top-level sections.</summary>
    public List<MenuItem> Navigation { get; set; } = [];

    public string? FooterText { get; set; }

    /// <summary>
    /// The site's public address. Links in feeds, API answers and emails are built from it, never from a request's
    /// Host header; unset (development), feeds and API answers follow the request and emails say localhost.
    /// </summary>
    public string? BaseUrl { get; set; }

    public const string LocalBaseUrl = "http://localhost:5000";

    /// <summary>The public address without a trailing slash.</summary>
    public string PublicBaseUrl => (IsBaseUrlSet ? BaseUrl! : LocalBaseUrl).TrimEnd('/');

    /// <summary>An empty value (an environment variable set to nothing) means unset.</summary>
    public bool IsBaseUrlSet => !string.IsNullOrWhiteSpace(BaseUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsBaseUrlSet && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUri)
            && baseUri.Scheme is "http" or "https" && baseUri.Query.Length == 0 && baseUri.Fragment.Length == 0))
        {
            yield return new ValidationResult(
                $"Broadsheet:Site:BaseUrl '{BaseUrl}' must be an absolute http or https address, such as https://news.example.org.", [nameof(BaseUrl)]);
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Broadsheet:Site:TimeZone '{TimeZone}' is not a known time zone id.", [nameof(TimeZone)]);
        }
        CultureInfo? culture = null;
        try
        {
            culture = CultureInfo.GetCultureInfo(Culture, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
        }
        if (culture is null)
        {
            yield return new ValidationResult($"Broadsheet:Site:Culture '{Culture}' is not a known culture.", [nameof(Culture)]);
        }
    }
}

public sealed class MenuItem
{
    public string Title { get; set; } = "";

    public string Url { get; set; } = "/";
}
