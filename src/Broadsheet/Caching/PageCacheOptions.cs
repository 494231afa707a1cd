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
}
