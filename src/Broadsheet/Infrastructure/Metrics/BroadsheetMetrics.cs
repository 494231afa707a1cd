using System.Diagnostics.Metrics;

namespace Broadsheet.Infrastructure.Metrics;

/// <summary>
/// The site's own instruments, on the "Broadsheet" meter beside ASP.NET Core's request metrics: the page cache's
/// lookups (hit ratio) and renders against purges, comments by verdict, and the mail outbox. The gauges
/// (<see cref="BroadsheetGauges"/>) read queue lengths and the view-count flush lag when they are collected.
/// </summary>
public sealed class BroadsheetMetrics
{
    public const string MeterName = "Broadsheet";

    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _pageRenders;
    private readonly Counter<long> _purges;
    private readonly Counter<long> _comments;
    private readonly Counter<long> _mail;

    public BroadsheetMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _cacheLookups = Meter.CreateCounter<long>("broadsheet.page_cache.lookups", "{lookup}", "Page-cache lookups by result: hit or miss.");
        _pageRenders = Meter.CreateCounter<long>("broadsheet.page_cache.renders", "{page}", "Public pages rendered and stored in the page cache.");
        _purges = Meter.CreateCounter<long>("broadsheet.page_cache.purges", "{purge}", "Page-cache purges after an edit.");
        _comments = Meter.CreateCounter<long>("broadsheet.comments.posted", "{comment}",
            "Comment posts by verdict: approved, pending, spam, trash, refused, duplicate, too_fast.");
        _mail = Meter.CreateCounter<long>("broadsheet.mail.messages", "{message}", "Outgoing emails by result: sent or failed.");
    }

    public Meter Meter { get; }

    public void CacheLookup(bool hit) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void PageRendered() => _pageRenders.Add(1);

    public void Purged() => _purges.Add(1);

    public void CommentPosted(string verdict) => _comments.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    public void Mail(bool sent) => _mail.Add(1, new KeyValuePair<string, object?>("result", sent ? "sent" : "failed"));
}
