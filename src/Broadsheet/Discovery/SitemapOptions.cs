using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Discovery;

/// <summary>Bound from "Broadsheet:Sitemaps".</summary>
public sealed class SitemapOptions
{
    public const string Section = "Broadsheet:Sitemaps";

    /// <summary>
    /// URLs in one child sitemap; the protocol allows 50,000 at most. 2,000 (WordPress's choice) keeps each file small
    /// enough to render again in milliseconds after a purge (50,000 URLs are 14 MB and half a second: bench/sitemaps).
    /// </summary>
    [Range(1, 50_000)]
    public int UrlsPerFile { get; set; } = 2_000;
}
