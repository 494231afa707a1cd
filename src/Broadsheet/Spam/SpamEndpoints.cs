using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Spam;

public sealed record CommentIds(IReadOnlyList<int>? Ids);

public sealed record BulkResult(int Changed);

public sealed record SpamFigures(IReadOnlyList<SpamWeekFigures> Weeks);

/// <summary>/api/v1/spam: the spam queue's bulk actions and the filter's figures. The queue itself is /comments?status=spam.</summary>
public static class SpamEndpoints
{
    public static IEndpointRouteBuilder MapSpamEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/spam").WithTags("Spam").RequireAuthorization(Roles.EditorPolicy);
        api.MapPost("/not-spam", NotSpam).WithName("BulkNotSpam");
        api.MapPost("/delete", Delete).WithName("BulkDeleteSpam");
        api.MapGet("/figures", Figures).WithName("SpamFigures");
        return app;
    }

    private static async Task<Results<Ok<BulkResult>, ProblemHttpResult>> NotSpam(CommentIds request, SpamQueue queue, CancellationToken ct) =>
        request.Ids is { Count: > 0 } ids ? TypedResults.Ok(new BulkResult(await queue.NotSpamAsync(ids, ct))) : NoIds();

    private static async Task<Results<Ok<BulkResult>, ProblemHttpResult>> Delete(CommentIds request, SpamQueue queue, CancellationToken ct) =>
        request.Ids is { Count: > 0 } ids ? TypedResults.Ok(new BulkResult(await queue.DeleteAsync([.. ids], ct))) : NoIds();

    private static async Task<Ok<SpamFigures>> Figures(int? weeks, SpamQueue queue, CancellationToken ct) =>
        TypedResults.Ok(new SpamFigures(await queue.FiguresAsync(weeks ?? 8, ct)));

    private static ProblemHttpResult NoIds() => Problems.Unprocessable("ids", "Please give the ids of the comments.");
}
