using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Terms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Terms;

/// <summary>/admin/tags and /admin/authors: every tag or byline with how many articles carry it, a search, and a new one.</summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class TermListPageModel(TermEditing terms) : PageModel
{
    public const int Shown = 200;

    public TermWords Words { get; private set; } = TermWords.Tags;
    public IReadOnlyList<TermRow> Rows { get; private set; } = [];
    public string? Query { get; private set; }
    public string? Message { get; private set; }

    [BindProperty]
    public string? NewName { get; set; }

    public async Task<IActionResult> OnGetAsync(string kind, string? q, string? done, CancellationToken ct)
    {
        if (TermWords.FromRoute(kind) is not { } words)
        {
            return NotFound();
        }
        await LoadAsync(words, q, ct);
        Message = done;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string kind, CancellationToken ct)
    {
        if (TermWords.FromRoute(kind) is not { } words)
        {
            return NotFound();
        }
        switch (await terms.CreateAsync(words.Kind, NewName, ct))
        {
            case Saved<ITerm> saved:
                return Redirect($"{words.AdminPath}/{saved.Value.Id}?done=created");
            case Invalid<ITerm> invalid:
                ModelState.AddAll(invalid.Errors);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        await LoadAsync(words, null, ct);
        return Page();
    }

    private async Task LoadAsync(TermWords words, string? q, CancellationToken ct)
    {
        (Words, Query) = (words, q);
        ViewData["Title"] = words.Plural;
        Rows = await terms.ListAsync(words.Kind, q, Shown + 1, ct);
    }
}
