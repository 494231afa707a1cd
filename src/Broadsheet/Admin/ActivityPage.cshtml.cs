using System.Globalization;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin;

/// <summary>/admin/activity: the audit log — who published, unpublished, deleted, moderated or changed a role, and when — filtered and as CSV.</summary>
[Authorize(Policy = Roles.AdministratorPolicy)]
public sealed class ActivityPageModel(AuditLog log, SiteClock siteClock) : PageModel
{
    public AuditFilter Filter { get; private set; } = new();
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> Members { get; private set; } = [];
    public long? Next { get; private set; }
    public string? FromText { get; private set; }
    public string? ToText { get; private set; }

    public async Task OnGetAsync(string? group, string? member, string? from, string? to, string? q, long? before, CancellationToken ct)
    {
        ViewData["Title"] = "Activity";
        (FromText, ToText) = (from, to);
        Filter = Read(group, member, from, to, q);
        Members = await log.MembersAsync(ct);
        (Entries, Next) = await log.PageAsync(Filter, before, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(string? group, string? member, string? from, string? to, string? q, CancellationToken ct) =>
        File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(await log.CsvAsync(Read(group, member, from, to, q), ct))).ToArray(),
            "text/csv; charset=utf-8", $"broadsheet-activity-{siteClock.Today:yyyy-MM-dd}.csv");

    /// <summary>This page's address with the same filters, and another page or the CSV.</summary>
    public string Link(long? before = null, bool csv = false) => "/admin/activity" + QueryString.Create(new Dictionary<string, string?>
    {
        ["handler"] = csv ? "Csv" : null, ["group"] = Filter.Group, ["member"] = Filter.Member, ["from"] = FromText, ["to"] = ToText, ["q"] = Filter.Text,
        ["before"] = before?.ToString(CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    /// <summary>The dates are days in the site's time zone; "to" includes its whole day. An unreadable date is ignored.</summary>
    private AuditFilter Read(string? group, string? member, string? from, string? to, string? q)
    {
        DateTime? Day(string? text, int addDays) => DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? siteClock.StartOfLocalDayUtc(day.AddDays(addDays)) : null;
        return new AuditFilter(
            AuditActions.Groups.Any(g => g.Prefix == group) ? group : null, string.IsNullOrWhiteSpace(member) ? null : member,
            Day(from, 0), Day(to, 1), string.IsNullOrWhiteSpace(q) ? null : q);
    }
}
