using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Pages;

/// <summary>/admin/pages/new and /admin/pages/{id}: a static page's title, slug (a change keeps the old address with a 301) and Markdown body; deleting it.</summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class PageEditorPageModel(BroadsheetDb db, StaticPageEditing editing) : PageModel
{
    public StaticPage? Existing { get; private set; }
    public string? Message { get; private set; }

    [BindProperty]
    public StaticPageInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int? id, string? done, CancellationToken ct)
    {
        if (id is { } pageId)
        {
            if (!await LoadAsync(pageId, ct))
            {
                return NotFound();
            }
            Input = new StaticPageInput { Title = Existing!.Title, Slug = Existing.Slug, Body = Existing.BodyMarkdown };
        }
        Message = done == "saved" ? "Saved." : null;
        ViewData["Title"] = Existing is null ? "New page" : $"Page: {Existing.Title}";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (id is { } pageId && !await LoadAsync(pageId, ct))
        {
            return NotFound();
        }
        var input = Input with { Slug = string.IsNullOrWhiteSpace(Input.Slug) ? null : Input.Slug, Title = Input.Title ?? "", Body = Input.Body ?? "" };
        var result = id is { } existing ? await editing.UpdateAsync(existing, input, ct) : await editing.CreateAsync(input, ct);
        switch (result)
        {
            case Saved<StaticPage> saved:
                return Redirect($"/admin/pages/{saved.Value.Id}?done=saved");
            case Invalid<StaticPage> invalid:
                ViewData["Title"] = Existing is null ? "New page" : $"Page: {Existing.Title}";
                return this.Unprocessable(invalid.Errors);
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        await editing.DeleteAsync(id, ct);
        return Redirect($"/admin/pages?done={Uri.EscapeDataString($"Deleted “{Existing!.Title}”; {Existing.Url} answers “not found” now.")}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Existing = await db.StaticPages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return Existing is not null;
    }
}
