using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Sections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Sections;

/// <summary>A section as the admin lists it: where it sits and how much is in it.</summary>
public sealed record SectionRow(SectionNode Node, int Depth, int Articles, int Subsections);

/// <summary>/admin/sections: the sections as a tree with their articles, and a new one.</summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class SectionListPageModel(BroadsheetDb db, SectionTreeCache trees, SectionEditing editing) : PageModel
{
    public IReadOnlyList<SectionRow> Rows { get; private set; } = [];
    public string? Message { get; private set; }

    [BindProperty]
    public SectionInput Input { get; set; } = new();

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Message = done;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = Input with { Slug = string.IsNullOrWhiteSpace(Input.Slug) ? null : Input.Slug, Parent = string.IsNullOrWhiteSpace(Input.Parent) ? null : Input.Parent };
        switch (await editing.CreateAsync(input, ct))
        {
            case Saved<Section> saved:
                return Redirect($"/admin/sections/{saved.Value.Id}?done=created");
            case Invalid<Section> invalid:
                ModelState.AddAll(invalid.Errors);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Every section with its place in the tree and its own articles and subsections.</summary>
    public static async Task<IReadOnlyList<SectionRow>> RowsAsync(BroadsheetDb db, SectionTree tree, CancellationToken ct)
    {
        var counts = await db.Articles.AsNoTracking().GroupBy(a => a.SectionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. tree.All.OrderBy(s => s.Path, StringComparer.Ordinal)
            .Select(s => new SectionRow(s, s.Path.Count(c => c == '/'), counts.GetValueOrDefault(s.Id), tree.Children(s.Id).Count()))];
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Sections";
        Rows = await RowsAsync(db, await trees.GetAsync(ct), ct);
    }
}
