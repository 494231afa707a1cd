using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Corrections;

public static class CorrectionsSetup
{
    public static IServiceCollection AddCorrections(this IServiceCollection services) => services.AddScoped<CorrectionsLog>();

    /// <summary>GET and POST /api/v1/articles/{id}/corrections: an article's notes, and appending one (editors).</summary>
    public static IEndpointRouteBuilder MapCorrectionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/articles/{id:int}/corrections").WithTags("Corrections");
        api.MapGet("/", ListCorrections).WithName("ListCorrections");
        api.MapPost("/", AppendCorrection).WithName("AppendCorrection").RequireAuthorization(Roles.AnyRolePolicy);
        return app;
    }

    private static async Task<Results<Ok<List<CorrectionView>>, ProblemHttpResult>> ListCorrections(
        int id, BroadsheetDb db, CorrectionsLog corrections, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        // Readers see the notes of public articles; members those of any article.
        var articles = Actor.From(http.User) is null ? db.Articles.Where(ArticleStatuses.IsPublic(clock.GetUtcNow().UtcDateTime)) : db.Articles;
        if (!await articles.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound("article");
        }
        return TypedResults.Ok(await corrections.OfArticleAsync(id, ct));
    }

    private static async Task<Results<Created<CorrectionView>, ProblemHttpResult>> AppendCorrection(
        int id, CorrectionInput input, CorrectionsLog corrections, HttpContext http, CancellationToken ct)
    {
        var me = Actor.From(http.User)!;
        return await corrections.AppendAsync(id, input, me, ct) switch
        {
            Saved<CorrectionView> saved => TypedResults.Created($"/api/v1/articles/{id}/corrections", saved.Value),
            Invalid<CorrectionView> invalid => Problems.Unprocessable(invalid.Errors),
            Forbidden<CorrectionView> forbidden => Problems.Forbidden(forbidden.Reason),
            _ => Problems.NotFound("article"),
        };
    }
}
