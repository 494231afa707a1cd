using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Articles;

public sealed record RevisionRow(int Version, string Title, string Status, DateTime SavedAt, string SavedBy);

/// <summary>
/// /admin/articles/{id}/revisions: every saved version, newest first; any one side by side with the one before it
/// (or with another, ?version=&amp;against=); and a restore, which saves the old text as a new version, so it can be undone too.
/// </summary>
public sealed class ArticleRevisionsPageModel(BroadsheetDb db, ArticleEditing editing) : PageModel
{
    /// <summary>Corrections, clarifications and updates appended: part of the article's history, never removed.</summary>
    public IReadOnlyList<Corrections.CorrectionView> Notes { get; private set; } = [];

    public Article Article { get; private set; } = null!;
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];
    public ArticleRevision? Shown { get; private set; }
    public ArticleRevision? Against { get; private set; }
    public SideBySide? Diff { get; private set; }
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? version, int? against, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Revisions.Count == 0)
        {
            // Refused (the reason is shown), or an article from before revisions were kept.
            return Page();
        }
        var shownVersion = version ?? Revisions[0].Version;
        Shown = await RevisionAsync(id, shownVersion, ct);
        if (Shown is null)
        {
            return NotFound();
        }
        Against = against is { } other
            ? await RevisionAsync(id, other, ct)
            : await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id && r.Version < shownVersion)
                .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        Diff = SideBySide.Of(Against is null ? "" : Text(Against), Text(Shown));
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(int id, int version, int basedOn, CancellationToken ct)
    {
        if (await RevisionAsync(id, version, ct) is not { } revision)
        {
            return NotFound();
        }
        var input = new ArticleInput { Title = revision.Title, Dek = revision.Dek ?? "", Body = revision.BodyMarkdown };
        var by = Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        switch (await editing.UpdateAsync(id, input, by, basedOn, ct))
        {
            case Saved<Article>:
                return Redirect($"/admin/articles/{id}?saved=save");
            case Forbidden<Article> forbidden:
                Refusal = forbidden.Reason;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
            case Stale<Article>:
                Refusal = "Someone else saved this article after you opened this page; look at their version before restoring.";
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case Invalid<Article> invalid:
                Refusal = string.Join(" ", invalid.Errors.SelectMany(e => e.Value));
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            default:
                return NotFound();
        }
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>What a comparison shows: the headline and dek above the body, so a changed headline shows too.</summary>
    private static string Text(ArticleRevision r) => $"# {r.Title}\n\n{(string.IsNullOrEmpty(r.Dek) ? "" : r.Dek + "\n\n")}{r.BodyMarkdown}";

    private Task<ArticleRevision?> RevisionAsync(int id, int version, CancellationToken ct) =>
        db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == id && r.Version == version, ct);

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await db.Articles.AsNoTracking().Include(a => a.Section).SingleOrDefaultAsync(a => a.Id == id, ct) is not { } article)
        {
            return false;
        }
        Article = article;
        ViewData["Title"] = $"Revisions of “{article.Title}”";
        var me = Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        if (ArticlePermissions.WhyNotEdit(me, ArticleStake.Of(article), article.Status) is { } notAllowed)
        {
            Refusal ??= notAllowed;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Revisions = [];
            return true;
        }
        Notes = await Corrections.CorrectionsLog.OfArticleAsync(db, id, ct);
        Revisions = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == id).OrderByDescending(r => r.Version)
            .Select(r => new RevisionRow(r.Version, r.Title, r.Status, r.SavedAt, r.SavedBy)).ToListAsync(ct);
        return true;
    }
}
