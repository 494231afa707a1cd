using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Corrections;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Articles;

/// <summary>
/// /admin/articles/{id}/corrections: the notes appended to a published article, and the form that appends one (a
/// correction, a clarification or an update, optionally superseding an earlier note). Nothing here edits or deletes.
/// </summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class ArticleCorrectionsPageModel(BroadsheetDb db, CorrectionsLog corrections, TimeProvider clock) : PageModel
{
    /// <summary>Readers see it now (a scheduled article whose time has come included): notes may be appended.</summary>
    public bool IsPublic { get; private set; }

    public Article Article { get; private set; } = null!;
    public IReadOnlyList<CorrectionView> Notes { get; private set; } = [];

    [BindProperty]
    public CorrectionForm Form { get; set; } = new();

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        Message = done == "appended" ? "Appended: readers see it on the article now, and on the corrections log." : null;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var me = Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        switch (await corrections.AppendAsync(id, new CorrectionInput(Form.Kind, Form.Text, Form.Supersedes), me, ct))
        {
            case Saved<CorrectionView> saved:
                return Redirect($"/admin/articles/{id}/corrections?done=appended#note-{saved.Value.Id}");
            case Invalid<CorrectionView> invalid:
                await LoadAsync(id, ct);
                return this.Unprocessable(invalid.Errors);
            case Forbidden<CorrectionView>:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await db.Articles.AsNoTracking().Include(a => a.Section).SingleOrDefaultAsync(a => a.Id == id, ct) is not { } article)
        {
            return false;
        }
        Article = article;
        IsPublic = ArticleStatuses.IsPublic(clock.GetUtcNow().UtcDateTime).Compile()(article);
        Notes = await corrections.OfArticleAsync(id, ct);
        ViewData["Title"] = $"Corrections: {article.Title}";
        return true;
    }
}

public sealed record CorrectionForm
{
    public string? Kind { get; init; } = "correction";
    public string? Text { get; init; }
    public int? Supersedes { get; init; }
}
