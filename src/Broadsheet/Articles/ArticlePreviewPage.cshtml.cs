using Broadsheet.Sections;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Articles;

/// <summary>
/// /preview/{id}/?until=…&amp;sig=…: an unpublished article as its page will look, for whoever holds the signed link
/// (<see cref="ArticlePreviewLinks"/>). Never cached, never indexed; a forged link answers 404, an expired one 410.
/// </summary>
public sealed class ArticlePreviewPageModel(ArticlePreviewLinks links, ArticleQueries articles, SectionTreeCache sections) : PageModel
{
    public ArticleDisplay? Article { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? until, string? sig, CancellationToken ct)
    {
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        ViewData["Robots"] = "noindex, nofollow";
        switch (links.Check(id, until, sig))
        {
            case PreviewCheck.Forged:
                return NotFound();
            case PreviewCheck.Expired:
                ViewData["Title"] = "This preview link has expired";
                Problem = "This preview link has expired. Ask the newsroom for a new one.";
                Response.StatusCode = StatusCodes.Status410Gone;
                return Page();
        }
        if (await articles.FindForPreviewAsync(id, ct) is not { } article)
        {
            return NotFound();
        }
        var tree = await sections.GetAsync(ct);
        Article = new ArticleDisplay(article, Breadcrumb.Through(tree.Trail(article.SectionId), article.Title));
        ViewData["Title"] = "Preview: " + article.Title;
        return Page();
    }
}
