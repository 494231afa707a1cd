using Broadsheet.Caching;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Corrections;

/// <summary>/corrections/: every correction, clarification and update appended to a public article, newest first.</summary>
public sealed class CorrectionsPageModel(CorrectionsLog corrections) : PageModel
{
    public IReadOnlyList<CorrectionLogEntry> Entries { get; private set; } = [];
    public int? Next { get; private set; }

    public async Task OnGetAsync(int? before, CancellationToken ct)
    {
        (Entries, Next) = await corrections.LogAsync(before, CorrectionsLog.PageSize, ct);
        ViewData["Title"] = "Corrections";
        ViewData["Description"] = "Every correction, clarification and update made to our articles after publication.";
        ViewData[Feeds.FeedEndpoints.PageFeedKey] = ("Corrections", CorrectionsLog.FeedPath);
        Discovery.StructuredData.Add(ViewData, Discovery.StructuredData.CollectionPage("Corrections", CorrectionsLog.Path, Request));
        PageTags.Add(HttpContext, PageTags.Corrections);
    }
}
