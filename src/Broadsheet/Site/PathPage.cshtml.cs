using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Popular;
using Broadsheet.Sections;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Site;

/// <summary>
/// Every URL made of slugs: a section ("/europe/russia/"), an article ("/europe/russia/slug/"), a static page
/// ("/about/"), or an old URL kept alive by a redirect. Sections win over articles over pages; the editing rules
/// keep their slugs apart so the order rarely matters.
/// </summary>
[IgnoreAntiforgeryToken] // The comment form's own token is its stamp, which a cached page can carry (FormStamp).
public sealed class PathPageModel(SectionTreeCache sections, ArticleQueries articles, BroadsheetDb db, CommentsSections commentSections) : PageModel
{
    public SectionFront? Section { get; private set; }
    public ArticleDisplay? Article { get; private set; }
    public CommentsSection? Comments { get; private set; }
    public StaticPage? StaticPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? path, string? after, int? cpage, int? replyto, CancellationToken ct)
    {
        var trimmed = (path ?? "").Trim('/');
        if (trimmed.Length == 0)
        {
            return NotFound();
        }
        if (Request.Path.Value?.EndsWith('/') != true)
        {
            // Built from the trimmed path: "//other.host" must not become a redirect to another site.
            return RedirectPermanent($"{Request.PathBase}/{trimmed}/{Request.QueryString}");
        }
        var tree = await sections.GetAsync(ct);
        if (tree.ByPath(trimmed) is { } section)
        {
            var listing = await articles.ListPublicAsync(new ArticleFilter(tree.SubtreeIds(section.Id)), KeysetCursor.FromQuery(after), 20, ct);
            Section = new SectionFront(section, [.. tree.Children(section.Id)], listing, Breadcrumb.Through(tree.Trail(section.Id).SkipLast(1), section.Name));
            ViewData["Title"] = section.Name;
            ViewData[Feeds.FeedEndpoints.PageFeedKey] = (section.Name, $"{SitePaths.Section(section.Path)}feed/");
            Discovery.StructuredData.Add(ViewData, Discovery.StructuredData.CollectionPage(section.Name, section.Url, Request),
                Discovery.StructuredData.Breadcrumbs(Section.Breadcrumb, section.Url, Request));
            PageTags.Add(HttpContext, tree.SubtreeIds(section.Id).Select(PageTags.SectionListing));
            PageTags.AddListing(HttpContext, listing.Items);
            return Page();
        }
        var lastSlash = trimmed.LastIndexOf('/');
        if (lastSlash > 0 && await articles.FindPublicAsync(trimmed[..lastSlash], trimmed[(lastSlash + 1)..], ct) is { } article)
        {
            await ShowArticleAsync(article, tree, ct);
            Comments = await commentSections.BuildAsync(article, Request, cpage ?? 1, replyto, ct: ct);
            // Its section's listing too: previous, next and "also in" change when an article there is published.
            PageTags.Add(HttpContext, [PageTags.Article(article.Id), PageTags.SectionListing(article.SectionId), .. article.Tags.Select(t => PageTags.ShowsTag(t.Id)),
                .. article.Authors.Select(a => PageTags.ShowsAuthor(a.Id))]);
            Response.Headers[ViewCounting.ArticleHeader] = article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        if (lastSlash < 0 && await db.StaticPages.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == trimmed, ct) is { } page)
        {
            StaticPage = page;
            ViewData["Title"] = page.Title;
            PageTags.Add(HttpContext, PageTags.StaticPage(page.Id));
            return Page();
        }
        return await UrlRedirect.MovedToAsync(db, articles, tree, trimmed, ct) is { } target ? RedirectPermanent(target) : NotFound();
    }

    /// <summary>
    /// The comment form posts to its article's URL (<c>?handler=comment</c>). Success redirects to the new
    /// comment (post/redirect/get); a refusal shows the page again with the messages and what was typed.
    /// </summary>
    public async Task<IActionResult> OnPostCommentAsync(
        string? path, [FromForm] CommentForm form, [FromForm] bool remember, [FromForm] string? stamp, [FromForm(Name = FormStamp.HoneypotField)] string? honeypot,
        [FromServices] CommentPosting posting, [FromServices] HeldComments held, [FromServices] FormStamp stamps, CancellationToken ct)
    {
        var trimmed = (path ?? "").Trim('/');
        var lastSlash = trimmed.LastIndexOf('/');
        if (lastSlash <= 0 || await articles.FindPublicAsync(trimmed[..lastSlash], trimmed[(lastSlash + 1)..], ct) is not { } article)
        {
            return NotFound();
        }
        if (stamps.Evidence(article.Id, stamp, honeypot) is not { } evidence || FormStamp.IsCrossSite(Request))
        {
            return await ShowFormAgainAsync(article, form, StatusCodes.Status400BadRequest, [], FormStamp.RefusedMessage, ct);
        }
        var result = await posting.PostAsync(article.Id, form, Commenter.From(HttpContext), evidence, ct);
        if (result is Posted posted)
        {
            if (posted.Comment.Status == CommentStatus.Pending)
            {
                held.Remember(HttpContext, posted.Comment.Id);
            }
            CommenterCookie.Apply(HttpContext, remember ? posted.Comment : null);
            return Redirect($"{article.Url}#comment-{posted.Comment.Id}");
        }
        (var status, var errors, var message) = result switch
        {
            // Field messages go next to their fields; the rest (closed, a bad reply) above the form.
            Rejected r => (StatusCodes.Status422UnprocessableEntity,
                r.Errors.Where(e => e.Key is not ("articleId" or "parentId")).ToDictionary(),
                r.Errors.Where(e => e.Key is "articleId" or "parentId").Select(e => e.Value[0]).FirstOrDefault()),
            Duplicate => (StatusCodes.Status409Conflict, new Dictionary<string, string[]>(), Duplicate.Message),
            TooFast t => (StatusCodes.Status429TooManyRequests, new Dictionary<string, string[]>(), t.Message),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        return await ShowFormAgainAsync(article, form, status, errors, message, ct);
    }

    private async Task<IActionResult> ShowFormAgainAsync(
        ArticleView article, CommentForm form, int status, Dictionary<string, string[]> errors, string? message, CancellationToken ct)
    {
        await ShowArticleAsync(article, await sections.GetAsync(ct), ct);
        Comments = await commentSections.BuildAsync(article, Request, int.MaxValue, null, form, errors, message, ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task ShowArticleAsync(ArticleView article, SectionTree tree, CancellationToken ct)
    {
        Article = new ArticleDisplay(article, Breadcrumb.Through(tree.Trail(article.SectionId), article.Title)) { Neighbours = await articles.NeighboursAsync(article, ct) };
        ViewData["Title"] = article.Title;
        ViewData["Description"] = article.MetaDescription ?? article.Dek;
        ViewData[Feeds.FeedEndpoints.PageFeedKey] = ($"Comments on {article.Title}", $"{article.Url}feed/");
        ViewData[OpenGraph.ViewDataKey] = OpenGraph.Of(article, Article.Breadcrumb.Links.Count > 0 ? Article.Breadcrumb.Links[^1].Name : null, Request);
        Discovery.StructuredData.Add(ViewData, Discovery.StructuredData.NewsArticle(article, Article.Breadcrumb, Request),
            Discovery.StructuredData.Breadcrumbs(Article.Breadcrumb, article.Url, Request));
    }
}
