using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Discovery;

/// <summary>Bound from "Broadsheet:Sitemaps".</summary>
public sealed class SitemapOptions
{
    public const string Section = "Broadsheet:Sitemaps";

    /// <summary>URLs in one child sitemap; the protocol allows 50,000 at most.</summary>
    [Range(1, 50_000)]
    public int UrlsPerFile { get; set; } = 50_000;
}
