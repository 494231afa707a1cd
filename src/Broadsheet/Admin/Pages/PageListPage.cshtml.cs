using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Pages;

/// <summary>/admin/pages: the site's static pages (About, Contact, …).</summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class PageListPageModel(BroadsheetDb db) : PageModel
{
    public IReadOnlyList<StaticPage> Pages { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        ViewData["Title"] = "Pages";
        Message = done;
        Pages = await db.StaticPages.AsNoTracking().OrderBy(p => p.Title).ToListAsync(ct);
    }
}
