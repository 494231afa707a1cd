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
}
