using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Popular;

/// <summary>Bound from "Broadsheet:Popular".</summary>
public sealed class PopularOptions
{
    [Range(1, 365)]
    public int WindowDays { get; set; } = 7;

    [Range(1, 50)]
    public int Size { get; set; } = 5;

    [Range(1, 3600)]
    public int FlushIntervalSeconds { get; set; } = 10;

    /// <summary>A reader reloading an article counts once in this many minutes.</summary>
    [Range(1, 1440)]
    public int RepeatViewMinutes { get; set; } = 30;

    /// <summary>
    /// At most this many readers behind one address (an office, a carrier's NAT) count on one article in the repeat
    /// window, so sending one user agent after another inflates nothing. Per node.
    /// </summary>
    [Range(1, 100000)]
    public int MaxReadersPerAddress { get; set; } = 20;

    /// <summary>The most (reader, article) pairs a node remembers for the repeat window: about 60 bytes each. When full it forgets a tenth.</summary>
    [Range(1000, 50000000)]
    public int MaxRememberedReaders { get; set; } = 500000;
}
