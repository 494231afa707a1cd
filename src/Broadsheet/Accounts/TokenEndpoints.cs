using Microsoft.AspNetCore.Http.HttpResults;
using Broadsheet.Infrastructure.Problems;

namespace Broadsheet.Accounts;

public sealed record TokenResource(int Id, string Name, string Role, int? UserId, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt);

/// <summary>Administrators see the API tokens (never their secrets) and revoke them; `token create` makes them.</summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization(Roles.AdministratorPolicy);
        api.MapGet("/", ListTokens).WithName("ListTokens");
        api.MapDelete("/{id:int}", RevokeToken).WithName("RevokeToken");
        return app;
    }

    private static async Task<Ok<List<TokenResource>>> ListTokens(AccountEditing accounts, CancellationToken ct) =>
        TypedResults.Ok((await accounts.TokensAsync(ct))
            .Select(t => new TokenResource(t.Id, t.Name, Roles.Name(t.Role), t.UserId, t.CreatedAt, t.ExpiresAt, t.RevokedAt))
            .ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(int id, AccountEditing accounts, CancellationToken ct) =>
        await accounts.RevokeTokenAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("token");
}
