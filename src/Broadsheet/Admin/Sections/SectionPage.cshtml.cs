using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Sections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Sections;

/// <summary>
/// /admin/sections/{id}: rename a section, change its slug or move it (its old addresses, and those of everything in
/// it, answer with a 301), or merge it into another — which is how a section with articles is deleted — or delete an
/// empty one; each says first what happens to its articles and subsections.
/// </summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class SectionPageModel(BroadsheetDb db, SectionTreeCache trees, SectionEditing editing) : PageModel
{
    public SectionRow Section { get; private set; } = null!;

    /// <summary>Where it may move to, or be merged into: anywhere but inside itself.</summary>
    public IReadOnlyList<SectionRow> Elsewhere { get; private set; } = [];
    public string? Message { get; private set; }

    [BindProperty]
    public SectionInput Input { get; set; } = new();

    [BindProperty]
    public string? Into { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Input = new SectionInput { Name = Section.Node.Name, Slug = Section.Node.Slug, Parent = ParentSlug(), Position = Section.Node.Position };
        Message = done switch { "created" => "Added.", "saved" => "Saved.", _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        // An empty field arrives as null, which the API reads as "leave it": an empty parent is the top level, and an
        // empty name a mistake to point out.
        var input = Input with { Parent = Input.Parent ?? "", Name = Input.Name ?? "" };
        switch (await editing.UpdateAsync(id, input, ct))
        {
            case Saved<Section>:
                return Redirect($"/admin/sections/{id}?done=saved");
            case Invalid<Section> invalid:
                return this.Unprocessable(invalid.Errors);
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostMergeAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Input = new SectionInput { Name = Section.Node.Name, Slug = Section.Node.Slug, Parent = ParentSlug(), Position = Section.Node.Position };
        var name = Section.Node.Name;
        var result = Section.Articles == 0 && Section.Subsections == 0 && string.IsNullOrEmpty(Into)
            ? await editing.DeleteAsync(id, ct)
            : await editing.MergeAsync(id, Into, ct);
        switch (result)
        {
            case Saved<Section> saved when saved.Value.Id == id:
                return Redirect($"/admin/sections?done={Uri.EscapeDataString($"Deleted “{name}”.")}");
            case Saved<Section> into:
                return Redirect($"/admin/sections?done={Uri.EscapeDataString($"Merged “{name}” into “{into.Value.Name}”: its articles are there now, and its addresses lead there.")}");
            case Invalid<Section> invalid:
                return this.Unprocessable(invalid.Errors);
            default:
                return NotFound();
        }
    }

    private string? ParentSlug() => Section.Node.ParentId is { } parent ? Elsewhere.Concat([Section]).FirstOrDefault(r => r.Node.Id == parent)?.Node.Slug : null;

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var tree = await trees.GetAsync(ct);
        var rows = await SectionListPageModel.RowsAsync(db, tree, ct);
        if (rows.FirstOrDefault(r => r.Node.Id == id) is not { } section)
        {
            return false;
        }
        Section = section;
        Elsewhere = [.. rows.Where(r => r.Node.Id != id && !r.Node.Path.StartsWith(section.Node.Path + "/", StringComparison.Ordinal))];
        ViewData["Title"] = $"Section: {section.Node.Name}";
        return true;
    }
}
