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
        // Every role may write; what each may do to which article is ArticlePermissions' to say, inside ArticleEditing.
        api.MapPost("/", CreateArticle).WithName("CreateArticle").RequireAuthorization(Roles.AnyRolePolicy);
        api.MapPatch("/{id:int}", UpdateArticle).WithName("UpdateArticle").RequireAuthorization(Roles.AnyRolePolicy);
        api.MapDelete("/{id:int}", DeleteArticle).WithName("DeleteArticle").RequireAuthorization(Roles.AnyRolePolicy);
        return app;
    }

    private static async Task<Results<Ok<Paged<ArticleResource>>, ProblemHttpResult, UnauthorizedHttpResult>> ListArticles(
        string? section, string? tag, string? author, string? status, string? cursor, int? limit,
        BroadsheetDb db, SectionTreeCache sections, TimeProvider clock, Desk.DeskStages stages, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = Actor.From(http.User);
        var query = db.Articles.AsNoTracking();
        switch (status?.Trim().ToLowerInvariant())
        {
            case null or "" or "published":
                query = query.Where(ArticleStatuses.IsPublic(now));
                break;
            case "draft" or "scheduled" or "any" when actor is null:
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
        if (actor is not null && !ArticlePermissions.SeesEveryArticle(actor))
        {
            query = query.Where(ArticlePermissions.VisibleTo(actor, now));
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
        return await IdPaging.PageAsync(withRelations, cursor, limit, newestFirst: true, a => ArticleResource.From(a, now, http.Request, stages), a => a.Id, ct) is { } page
            ? TypedResults.Ok(page)
            : Problems.Unprocessable("cursor", IdPaging.BadCursor);
    }

    private static async Task<Results<Ok<ArticleResource>, ProblemHttpResult>> GetArticle(
        int id, BroadsheetDb db, TimeProvider clock, Desk.DeskStages stages, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Articles.AsNoTracking().Where(a => a.Id == id);
        query = Actor.From(http.User) switch
        {
            null => query.Where(ArticleStatuses.IsPublic(now)),
            { } actor when !ArticlePermissions.SeesEveryArticle(actor) => query.Where(ArticlePermissions.VisibleTo(actor, now)),
            _ => query,
        };
        var article = await query.Include(a => a.Section).Include(a => a.Tags).Include(a => a.Authors).AsSplitQuery().SingleOrDefaultAsync(ct);
        if (article is null)
        {
            return Problems.NotFound("article");
        }
        http.Response.Headers.ETag = VersionTag(article.Version);
        return TypedResults.Ok(ArticleResource.From(article, now, http.Request, stages));
    }

    private static async Task<Results<Created<ArticleResource>, ProblemHttpResult>> CreateArticle(
        ArticleInput input, ArticleEditing editing, TimeProvider clock, Desk.DeskStages stages, HttpContext http, CancellationToken ct) =>
        await editing.CreateAsync(input, By(http), ct) switch
        {
            Saved<Article> saved => Created(ArticleResource.From(saved.Value, clock.GetUtcNow().UtcDateTime, http.Request, stages)),
            Invalid<Article> invalid => Problems.Unprocessable(invalid.Errors),
            Forbidden<Article> forbidden => Problems.Forbidden(forbidden.Reason),
            _ => throw new UnreachableException(),
        };

    private static Created<ArticleResource> Created(ArticleResource article) => TypedResults.Created($"/api/v1/articles/{article.Id}", article);

    /// <summary>With <c>If-Match: "v3"</c> (the ETag of a GET), a change made since version 3 answers 412 and nothing is written.</summary>
    private static async Task<Results<Ok<ArticleResource>, ProblemHttpResult>> UpdateArticle(
        int id, ArticleInput input, ArticleEditing editing, TimeProvider clock, Desk.DeskStages stages, HttpContext http, CancellationToken ct)
    {
        int? basedOn = null;
        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && ifMatch.Trim() != "*")
        {
            if (ParseVersionTag(ifMatch) is not { } version)
            {
                return Problems.Unprocessable("If-Match", "If-Match must be the article's ETag, as a GET answers it (for example \"v3\").");
            }
            basedOn = version;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        switch (await editing.UpdateAsync(id, input, By(http), basedOn, ct))
        {
            case Saved<Article> saved:
                http.Response.Headers.ETag = VersionTag(saved.Value.Version);
                return TypedResults.Ok(ArticleResource.From(saved.Value, now, http.Request, stages));
            case Invalid<Article> invalid:
                return Problems.Unprocessable(invalid.Errors);
            case Missing<Article>:
                return Problems.NotFound("article");
            case Forbidden<Article> forbidden:
                return Problems.Forbidden(forbidden.Reason);
            case Stale<Article> stale:
                http.Response.Headers.ETag = VersionTag(stale.Current.Version);
                return TypedResults.Problem(
                    title: $"Someone else changed this article since version {basedOn}: it is now at version {stale.Current.Version}. Nothing was saved; fetch it again and redo the change.",
                    statusCode: StatusCodes.Status412PreconditionFailed);
            default:
                throw new UnreachableException();
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(int id, ArticleEditing editing, HttpContext http, CancellationToken ct) =>
        await editing.DeleteAsync(id, By(http), ct) switch
        {
            Saved<Article> => TypedResults.NoContent(),
            Forbidden<Article> forbidden => Problems.Forbidden(forbidden.Reason),
            _ => Problems.NotFound("article"),
        };

    /// <summary>The endpoints that call this require a role, so there is always an actor.</summary>
    private static Actor By(HttpContext http) => Actor.From(http.User) ?? throw new UnreachableException();

    public static string VersionTag(int version) => $"\"v{version}\"";

    private static int? ParseVersionTag(string header) =>
        header.Trim() is var tag && tag.StartsWith("W/", StringComparison.Ordinal) ? ParseVersionTag(tag[2..])
        : tag.Length > 3 && tag[0] == '"' && tag[1] == 'v' && tag[^1] == '"'
          && int.TryParse(tag[2..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version
        : null;
}
