using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Archives;

/// <summary>Date archives, "/2024/" and "/2024/07/", in the site's time zone.</summary>
public sealed class ArchivePageModel(ArticleQueries articles, SiteClock clock) : PageModel
{
    public string Heading { get; private set; } = "";
    public Breadcrumb Breadcrumb { get; private set; } = new([], "");
    public Paged<ArticleCard> Articles { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(int year, int? month, string? after, CancellationToken ct)
    {
        // 9998 at most: the archive ends where the next year starts, and DateTime ends with 9999.
        if (year is < 1900 or > 9998 || month is < 1 or > 12)
        {
            return NotFound();
        }
        var firstDay = new DateTime(year, month ?? 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var nextPeriod = month is null ? firstDay.AddYears(1) : firstDay.AddMonths(1);
        var filter = new ArticleFilter(From: clock.StartOfLocalDayUtc(firstDay), Until: clock.StartOfLocalDayUtc(nextPeriod));
        Articles = await articles.ListPublicAsync(filter, KeysetCursor.FromQuery(after), 20, ct);
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        Heading = month is null ? yearText : firstDay.ToString("Y", clock.Culture);
        Breadcrumb = month is null
            ? new Breadcrumb([], yearText)
            : new Breadcrumb([new NamedLink(yearText, $"/{yearText}/")], Heading);
        ViewData["Title"] = $"Archive: {Heading}";
        PageTags.Add(HttpContext, PageTags.Archives);
        PageTags.AddListing(HttpContext, Articles.Items);
        return Page();
    }
}
