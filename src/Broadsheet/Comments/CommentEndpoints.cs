using System.Diagnostics;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

public static class CommentEndpoints
{
    public static IEndpointRouteBuilder MapCommentEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Comments");
        api.MapPost("/articles/{articleId:int}/comments", PostComment).WithName("PostComment");
        api.MapGet("/articles/{articleId:int}/comments", ListApproved).WithName("ListApprovedComments");

        var moderation = api.MapGroup("/comments").RequireAuthorization(Roles.EditorPolicy);
        moderation.MapGet("/", ListForModeration).WithName("ListComments");
        moderation.MapGet("/{id:int}", GetComment).WithName("GetComment");
        moderation.MapPost("/{id:int}/{action}", Moderate).WithName("ModerateComment");
        moderation.MapPatch("/{id:int}", EditComment).WithName("EditComment");
        moderation.MapDelete("/{id:int}", DeleteComment).WithName("DeleteComment");
        return app;
    }

    private static async Task<Results<Created<PostedComment>, ProblemHttpResult>> PostComment(
        int articleId, CommentForm form, CommentPosting posting, BroadsheetDb db, HttpContext http, CancellationToken ct) =>
        await posting.PostAsync(articleId, form, Commenter.From(http), evidence: null, ct) switch
        {
            Posted { Comment: var c } => TypedResults.Created(
                $"/api/v1/comments/{c.Id}", new PostedComment(c.Id, ModeratedComment.StatusName(c.Status), await UrlAsync(db, http.Request, c, ct))),
            Rejected r => Problems.Unprocessable(r.Errors),
            Duplicate => Problems.Conflict(Duplicate.Message),
            TooFast t => TypedResults.Problem(title: t.Message, statusCode: StatusCodes.Status429TooManyRequests),
            _ => throw new UnreachableException(),
        };

    private static async Task<Results<Ok<Paged<PublicComment>>, ProblemHttpResult>> ListApproved(
        int articleId, string? cursor, int? limit, BroadsheetDb db, CommentQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.Articles.Where(ArticleStatuses.IsPublic(now)).AnyAsync(a => a.Id == articleId, ct))
        {
            return Problems.NotFound("article");
        }
        var approved = db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved);
        return await IdPaging.PageAsync(approved, cursor, limit, newestFirst: false,
            c => new PublicComment(c.Id, c.ParentId, c.Name, c.Website, c.Body, c.BodyHtml, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc), queries.AvatarUrl(c.Email)),
            c => c.Id, ct) is { } page
            ? TypedResults.Ok(page)
            : Problems.Unprocessable("cursor", IdPaging.BadCursor);
    }

    private static async Task<Results<Ok<Paged<ModeratedComment>>, ProblemHttpResult>> ListForModeration(
        string? status, int? articleId, string? cursor, int? limit, BroadsheetDb db, CancellationToken ct)
    {
        var query = db.Comments.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<CommentStatus>(status, ignoreCase: true, out var wanted) || int.TryParse(status, out _))
            {
                return Problems.Unprocessable("status", "Status must be one of pending, approved, spam or trash.");
            }
            query = query.Where(c => c.Status == wanted);
        }
        if (articleId is { } article)
        {
            query = query.Where(c => c.ArticleId == article);
        }
        return await IdPaging.PageAsync(query, cursor, limit, newestFirst: true, ModeratedComment.From, c => c.Id, ct) is { } page
            ? TypedResults.Ok(page)
            : Problems.Unprocessable("cursor", IdPaging.BadCursor);
    }

    private static async Task<Results<Ok<ModeratedComment>, ProblemHttpResult>> GetComment(int id, BroadsheetDb db, CancellationToken ct) =>
        await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } comment
            ? TypedResults.Ok(ModeratedComment.From(comment))
            : Problems.NotFound("comment");

    /// <summary>POST /comments/{id}/approve, /unapprove, /spam, /not-spam, /trash, /restore.</summary>
    private static async Task<Results<Ok<ModeratedComment>, ProblemHttpResult>> Moderate(
        int id, string action, CommentModeration moderation, CancellationToken ct)
    {
        if (!CommentModeration.Actions.Contains(action))
        {
            return Problems.NotFound("moderation action");
        }
        return await moderation.ApplyAsync(id, action, ct) switch
        {
            Saved<Comment> saved => TypedResults.Ok(ModeratedComment.From(saved.Value)),
            Invalid<Comment> invalid => Problems.Unprocessable(invalid.Errors),
            _ => Problems.NotFound("comment"),
        };
    }

    private static async Task<Results<Ok<ModeratedComment>, ProblemHttpResult>> EditComment(
        int id, CommentEdit edit, CommentModeration moderation, CancellationToken ct) =>
        await moderation.EditAsync(id, edit, ct) switch
        {
            Saved<Comment> saved => TypedResults.Ok(ModeratedComment.From(saved.Value)),
            Invalid<Comment> invalid => Problems.Unprocessable(invalid.Errors),
            _ => Problems.NotFound("comment"),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteComment(int id, CommentModeration moderation, CancellationToken ct) =>
        await moderation.DeleteAsync(id, ct) switch
        {
            Saved<Comment> => TypedResults.NoContent(),
            Invalid<Comment> invalid => Problems.Conflict(invalid.Errors.Values.First()[0]),
            _ => Problems.NotFound("comment"),
        };

    private static async Task<string> UrlAsync(BroadsheetDb db, HttpRequest request, Comment comment, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == comment.ArticleId).Select(a => new { a.Slug, a.Section.Path }).SingleAsync(ct);
        return request.Absolute($"{SitePaths.Article(article.Path, article.Slug)}#comment-{comment.Id}");
    }
}
