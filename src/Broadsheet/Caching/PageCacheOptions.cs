using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Caching;

/// <summary>Bound from "Broadsheet:PageCache".</summary>
public sealed class PageCacheOptions
{
    /// <summary>Off serves every page fresh from the database (the benchmark's "uncached" case).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The longest a page is served from the cache. Changes to content purge their pages at once; this bounds what
    /// changes with time alone: Most Popular, scheduled articles, comments closing, the date bar.
    /// </summary>
    [Range(1, 3600)]
    public int MaxAgeSeconds { get; set; } = 60;

    /// <summary>Memory the cached pages may use, in megabytes.</summary>
    [Range(1, 4096)]
    public int SizeLimitMegabytes { get; set; } = 100;

    /// <summary>
    /// For a CDN in front (docs/scaling.md): public pages then say <c>Cache-Control: public, max-age=0, s-maxage=N</c>
    /// (browsers ask again, the CDN keeps them N seconds) and name what they show in <c>Surrogate-Key</c> and
    /// <c>Cache-Tag</c>, the same tags the site purges by. Off by default: no CDN keeps what it cannot be told to purge.
    /// </summary>
    [Range(1, 31_536_000)]
    public int? SharedMaxAgeSeconds { get; set; }

    /// <summary>
    /// Where purges are sent as well: each purge POSTs here with the purged tags in a <c>Surrogate-Key</c> header,
    /// as Fastly's purge-by-key API takes them (or to an adapter for another CDN).
    /// </summary>
    [Url]
    public string? PurgeUrl { get; set; }

    /// <summary>Headers sent with every purge request, such as the CDN's API key (e.g. <c>Fastly-Key</c>).</summary>
    public Dictionary<string, string> PurgeHeaders { get; set; } = [];
}
