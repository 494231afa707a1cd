using Broadsheet.Spam;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin;

/// <summary>The spam queue: what the filter caught and why, rescued or deleted in bulk, and the weekly figures.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Roles.EditorPolicy)]
public sealed class SpamQueuePageModel(SpamQueue queue) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<QueuedSpam> Comments { get; private set; } = [];
    public IReadOnlyList<SpamWeekFigures> Figures { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(int? before, string? done, CancellationToken ct)
    {
        Message = done;
        await LoadAsync(before, ct);
    }

    public async Task<IActionResult> OnPostAsync(int[] ids, string? action, CancellationToken ct)
    {
        var changed = (action, ids.Length) switch
        {
            (_, 0) => -1,
            ("not-spam", _) => await queue.NotSpamAsync(ids, ct),
            ("delete", _) => await queue.DeleteAsync(ids, ct),
            _ => -1,
        };
        var done = changed < 0
            ? "Choose some comments and an action."
            : action == "delete" ? $"Deleted {changed} comment(s)." : $"Moved {changed} comment(s) out of spam; the filter learned from them.";
        return Redirect($"/admin/spam/?done={Uri.EscapeDataString(done)}");
    }

    private async Task LoadAsync(int? before, CancellationToken ct)
    {
        ViewData["Title"] = "Spam queue";
        Comments = await queue.NewestAsync(before, PageSize, ct);
        Figures = await queue.FiguresAsync(8, ct);
    }
}
