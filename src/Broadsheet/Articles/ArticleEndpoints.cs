using System.Diagnostics;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Sections;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

public static class ArticleEndpoints
{
    public static IEndpointRouteBuilder MapArticleEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/articles").WithTags("Articles");
        api.MapGet("/", ListArticles).WithName("ListArticles");
        api.MapGet("/{id:int}", GetArticle).WithName("GetArticle");
        api.MapPost("/", CreateArticle).WithName("CreateArticle").RequireAuthorization(ApiAuth.Editor);
        api.MapPatch("/{id:int}", UpdateArticle).WithName("UpdateArticle").RequireAuthorization(ApiAuth.Editor);
        api.MapDelete("/{id:int}", DeleteArticle).WithName("DeleteArticle").RequireAuthorization(ApiAuth.Editor);
        return app;
    }

    private static async Task<Results<Ok<Paged<ArticleResource>>, ProblemHttpResult, UnauthorizedHttpResult>> ListArticles(
        string? section, string? tag, string? author, string? status, string? cursor, int? limit,
        BroadsheetDb db, SectionTreeCache sections, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Articles.AsNoTracking();
        switch (status?.Trim().ToLowerInvariant())
        {
            case null or "" or "published":
                query = query.Where(ArticleStatuses.IsPublic(now));
                break;
            case "draft" or "scheduled" or "any" when !ApiAuth.IsEditor(http.User):
                return TypedResults.Unauthorized();
            case "draft":
                query = query.Where(a => a.Status == ArticleStatus.Draft);
                break;
            case "scheduled":
                query = query.Where(a => a.Status != ArticleStatus.Draft && a.PublishedAt > now);
                break;
            case "any":
                break;
            default:
                return Problems.Unprocessable("status", "Status must be one of draft, scheduled, published or any.");
        }
        if (!string.IsNullOrEmpty(section))
        {
            if ((await sections.GetAsync(ct)).BySlug(section) is not { } node)
            {
                return Problems.Unprocessable("section", $"There is no section with the slug '{section}'.");
            }
            var ids = (await sections.GetAsync(ct)).SubtreeIds(node.Id);
            query = query.Where(a => ids.Contains(a.SectionId));
        }
        if (!string.IsNullOrEmpty(tag))
        {
            var tagSlug = Slug.From(tag);
            query = query.Where(a => a.Tags.Any(t => t.Slug == tagSlug));
        }
        if (!string.IsNullOrEmpty(author))
        {
            var authorSlug = Slug.From(author);
            query = query.Where(a => a.Authors.Any(x => x.Slug == authorSlug));
        }
        var withRelations = query.Include(a => a.Section).Include(a => a.Tags).Include(a => a.Authors).AsSplitQuery();
        return await IdPaging.PageAsync(withRelations, cursor, limit, newestFirst: true, a => ArticleResource.From(a, now, http.Request), a => a.Id, ct) is { } page
            ? TypedResults.Ok(page)
            : Problems.Unprocessable("cursor", IdPaging.BadCursor);
    }

    private static async Task<Results<Ok<ArticleResource>, ProblemHttpResult>> GetArticle(
        int id, BroadsheetDb db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Articles.AsNoTracking().Where(a => a.Id == id);
        if (!ApiAuth.IsEditor(http.User))
        {
            query = query.Where(ArticleStatuses.IsPublic(now));
        }
        var article = await query.Include(a => a.Section).Include(a => a.Tags).Include(a => a.Authors).AsSplitQuery().SingleOrDefaultAsync(ct);
        return article is null ? Problems.NotFound("article") : TypedResults.Ok(ArticleResource.From(article, now, http.Request));
    }

    private static async Task<Results<Created<ArticleResource>, ProblemHttpResult>> CreateArticle(
        ArticleInput input, ArticleEditing editing, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        await editing.CreateAsync(input, ct) switch
        {
            Saved<Article> saved => Created(ArticleResource.From(saved.Value, clock.GetUtcNow().UtcDateTime, http.Request)),
            Invalid<Article> invalid => Problems.Unprocessable(invalid.Errors),
            _ => throw new UnreachableException(),
        };

    private static Created<ArticleResource> Created(ArticleResource article) => TypedResults.Created($"/api/v1/articles/{article.Id}", article);

    private static async Task<Results<Ok<ArticleResource>, ProblemHttpResult>> UpdateArticle(
        int id, ArticleInput input, ArticleEditing editing, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        await editing.UpdateAsync(id, input, ct) switch
        {
            Saved<Article> saved => TypedResults.Ok(ArticleResource.From(saved.Value, clock.GetUtcNow().UtcDateTime, http.Request)),
            Invalid<Article> invalid => Problems.Unprocessable(invalid.Errors),
            Missing<Article> => Problems.NotFound("article"),
            _ => throw new UnreachableException(),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(int id, ArticleEditing editing, CancellationToken ct) =>
        await editing.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("article");
}
