using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Privacy;

public sealed record EraseRequest([property: Required(ErrorMessage = "Please give the email address to erase.")] string? Email);

public sealed record ErasedComments(string Email, int Erased);

/// <summary>A commenter's requests for a copy or erasure, carried out by an admin (the privacy page says how to ask).</summary>
public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/privacy").WithTags("Privacy").RequireAuthorization(Roles.AdministratorPolicy);
        api.MapGet("/comments", ExportComments).WithName("ExportCommentData");
        api.MapPost("/comments/erase", EraseComments).WithName("EraseCommentData");
        app.MapGet("/comments/unsubscribe", Unsubscribe).WithName("UnsubscribeFromReplies").WithTags("Comments").ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<CommentDataExport>, ProblemHttpResult>> ExportComments(string? email, CommentPrivacy privacy, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(email)
            ? Problems.Unprocessable("email", "Please give the email address to export.")
            : TypedResults.Ok(await privacy.ExportAsync(email, ct));

    private static async Task<Results<Ok<ErasedComments>, ProblemHttpResult>> EraseComments(EraseRequest request, CommentPrivacy privacy, CancellationToken ct)
    {
        var errors = Validation.Errors(request);
        if (errors.Count > 0 || request.Email is not { } email)
        {
            return Problems.Unprocessable(errors);
        }
        return TypedResults.Ok(new ErasedComments(email.Trim().ToLowerInvariant(), await privacy.EraseAsync(email, ct)));
    }

    /// <summary>The one-click link in reply notifications: stops them for that commenter on that article.</summary>
    private static async Task<ContentHttpResult> Unsubscribe(int? comment, string? token, CommentNotifications notifications, BroadsheetDb db, CancellationToken ct)
    {
        if (comment is not { } id || !notifications.IsValidUnsubscribeToken(id, token)
            || await db.Comments.Where(c => c.Id == id).Select(c => new { c.ArticleId, c.Email }).SingleOrDefaultAsync(ct) is not { } subscriber)
        {
            return TypedResults.Content(Page("This unsubscribe link is not valid."), "text/html", statusCode: StatusCodes.Status404NotFound);
        }
        await db.Comments.Where(c => c.ArticleId == subscriber.ArticleId && c.Email == subscriber.Email)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.NotifyOfReplies, false), ct);
        return TypedResults.Content(Page("You will get no more emails about replies to your comments on this article."), "text/html");
    }

    private static string Page(string message) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notifications</title></head><body><main><h1>Reply notifications</h1><p>{System.Net.WebUtility.HtmlEncode(message)}</p><p><a href=\"/\">Back to the front page</a></p></main></body></html>";
}
