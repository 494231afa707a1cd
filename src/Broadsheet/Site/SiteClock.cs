using System.Globalization;
using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

/// <summary>Dates as readers of this site see them: in the site's time zone and culture.</summary>
public sealed class SiteClock(TimeProvider clock, IOptionsMonitor<SiteOptions> options)
{
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.CurrentValue.TimeZone);

    public CultureInfo Culture => CultureInfo.GetCultureInfo(options.CurrentValue.Culture);

    public DateTime Today => Local(clock.GetUtcNow().UtcDateTime).Date;

    /// <summary>The date bar: the culture's long date, "Thursday, July 18, 2024" in en-US.</summary>
    public string TodayText => Today.ToString("D", Culture);

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public string DateAndTime(DateTime utc) => Local(utc).ToString("f", Culture);

    public string ShortDate(DateTime utc) => Local(utc).ToString("MMM d, yyyy", Culture);

    /// <summary>The UTC instant at which a local calendar day starts.</summary>
    public DateTime StartOfLocalDayUtc(DateTime localDate) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localDate.Date, DateTimeKind.Unspecified), Zone);

    /// <summary>For &lt;time datetime&gt;: ISO 8601 in UTC.</summary>
    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
