using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Terms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Terms;

/// <summary>
/// /admin/tags/{id} and /admin/authors/{id}: rename a tag or byline (a new slug keeps the old address answering with
/// a 301), merge it into another, or delete it — each saying first what it does to the articles that carry it.
/// </summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class TermPageModel(TermEditing terms) : PageModel
{
    public TermWords Words { get; private set; } = TermWords.Tags;
    public TermRow Term { get; private set; } = null!;
    public string? Message { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Slug { get; set; }

    [BindProperty]
    public string? Bio { get; set; }

    [BindProperty]
    public string? Into { get; set; }

    public async Task<IActionResult> OnGetAsync(string kind, int id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(kind, id, ct))
        {
            return NotFound();
        }
        (Name, Slug, Bio) = (Term.Name, Term.Slug, Term.Bio);
        Message = done switch
        {
            "created" => "Added.",
            "saved" => "Saved.",
            "merged" => "Merged: its articles are here now, and its address leads here.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string kind, int id, CancellationToken ct)
    {
        if (!await LoadAsync(kind, id, ct))
        {
            return NotFound();
        }
        // A field left empty arrives as null; for the name that is a mistake to point out, not "leave it as it is".
        return Outcome(await terms.RenameAsync(Words.Kind, id, Name ?? "", Slug, Words.Kind == TermKind.Author ? Bio ?? "" : null, ct), "saved");
    }

    public async Task<IActionResult> OnPostMergeAsync(string kind, int id, CancellationToken ct)
    {
        if (!await LoadAsync(kind, id, ct))
        {
            return NotFound();
        }
        (Name, Slug, Bio) = (Term.Name, Term.Slug, Term.Bio);
        return Outcome(await terms.MergeAsync(Words.Kind, id, Into, ct), "merged");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string kind, int id, CancellationToken ct)
    {
        if (!await LoadAsync(kind, id, ct))
        {
            return NotFound();
        }
        await terms.DeleteAsync(Words.Kind, id, ct);
        var done = $"Deleted “{Term.Name}”; {Term.Articles} {(Term.Articles == 1 ? "article no longer carries it" : "articles no longer carry it")}.";
        return Redirect($"{Words.AdminPath}?done={Uri.EscapeDataString(done)}");
    }

    private IActionResult Outcome(EditResult<ITerm> result, string done)
    {
        switch (result)
        {
            case Saved<ITerm> saved:
                return Redirect($"{Words.AdminPath}/{saved.Value.Id}?done={done}");
            case Invalid<ITerm> invalid:
                return this.Unprocessable(invalid.Errors);
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(string kind, int id, CancellationToken ct)
    {
        if (TermWords.FromRoute(kind) is not { } words || await terms.FindAsync(words.Kind, id, ct) is not { } term)
        {
            return false;
        }
        (Words, Term) = (words, term);
        ViewData["Title"] = $"{words.Singular[..1].ToUpperInvariant()}{words.Singular[1..]}: {term.Name}";
        return true;
    }
}
