using System.Globalization;
using System.Text;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Audit;

/// <summary>What the activity page asks for; every part is optional.</summary>
public sealed record AuditFilter(string? Group = null, string? Member = null, DateTime? From = null, DateTime? To = null, string? Text = null);

/// <summary>
/// Writes and reads the audit log. Who did it comes from the actor the caller names, or else from the request's
/// signed-in member or token (named as the member); without a request it is <see cref="CommandLine"/>. The site's own writes
/// (demo content) are not logged. Entries are kept a year (<see cref="AuditRetention"/>).
/// </summary>
public sealed class AuditLog(BroadsheetDb db, IHttpContextAccessor http, TimeProvider clock, SqlDialect dialect)
{
    public const int PageSize = 100;
    public const int CsvLimit = 100_000;

    /// <summary>Who did it when no one signed in did: the CLI, or start-up making sure of the bootstrap admin.</summary>
    public const string CommandLine = "the command line or start-up";

    public async Task RecordAsync(string action, string subject, string? link, CancellationToken ct, Actor? by = null)
    {
        by ??= http.HttpContext?.User is { } user ? Actor.From(user) : null;
        if (by == Actor.Site)
        {
            return;
        }
        // A token's name says what it is for; the log names the member it belongs to.
        var name = by?.UserId is { } userId ? await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, ActorUserId = by?.UserId,
            ActorName = Trim(name ?? (by?.Name is { Length: > 0 } actorName ? actorName : CommandLine), 200),
            Action = action, Subject = Trim(subject, 400), Link = link,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<(IReadOnlyList<AuditEntry> Entries, long? Next)> PageAsync(AuditFilter filter, long? before, CancellationToken ct)
    {
        var query = Filtered(filter);
        if (before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }
        var rows = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        var page = rows.Take(PageSize).ToList();
        return (page, rows.Count > PageSize ? page[^1].Id : null);
    }

    /// <summary>
    /// The filtered entries as CSV (RFC 4180), newest first, at most <see cref="CsvLimit"/>. A cell that starts like a
    /// formula (= + - @) gets a leading apostrophe, so a spreadsheet shows a title such as "=HYPERLINK(…)" as text.
    /// </summary>
    public async Task<string> CsvAsync(AuditFilter filter, CancellationToken ct)
    {
        var csv = new StringBuilder("time (UTC),member,action,subject,link\r\n");
        await foreach (var e in Filtered(filter).OrderByDescending(e => e.Id).Take(CsvLimit).AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.Append(string.Join(',', new[]
            {
                DateTime.SpecifyKind(e.At, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.ActorName, e.Action, e.Subject, e.Link ?? "",
            }.Select(Cell))).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>Who appears in the log, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> MembersAsync(CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Select(e => e.ActorName).Distinct().OrderBy(n => n).Take(500).ToListAsync(ct);

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Group))
        {
            var prefix = filter.Group;
            query = query.Where(e => e.Action.StartsWith(prefix));
        }
        if (!string.IsNullOrEmpty(filter.Member))
        {
            query = query.Where(e => e.ActorName == filter.Member);
        }
        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            query = query.Where(dialect.ContainsText<AuditEntry>(filter.Text.Trim(), e => e.Subject));
        }
        return query;
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Trim(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
