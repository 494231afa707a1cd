using Broadsheet.Accounts;
using Broadsheet.Desk;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Desk;

/// <summary>/admin/desk: the board — every article on the desk by stage, then scheduled and just published.</summary>
public sealed class DeskPageModel(DeskBoard board) : PageModel
{
    public IReadOnlyList<DeskColumn> Columns { get; private set; } = [];
    public bool Mine { get; private set; }

    public async Task OnGetAsync(string? show, CancellationToken ct)
    {
        ViewData["Title"] = "The desk";
        Mine = show == "mine";
        Columns = await board.ColumnsAsync(Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member."), Mine, ct);
    }
}
