using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Broadsheet.Infrastructure.Db;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Accounts;

/// <summary>API writes need <c>Authorization: Bearer &lt;token&gt;</c>; tokens are looked up by the SHA-256 of the secret.</summary>
public static class ApiAuth
{
    public const string Scheme = "Bearer";

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BroadsheetDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiAuth.HashSecret(header["Bearer ".Length..].Trim());
        var token = await db.ApiTokens.AsNoTracking().Where(t => t.SecretHash == hash)
            .Select(t => new
            {
                t.Id, t.Name, t.Role, t.ExpiresAt, t.RevokedAt, t.UserId,
                UserRole = db.Users.Where(u => u.Id == t.UserId).Select(u => (UserRole?)u.Role).FirstOrDefault(),
                UserDeactivated = db.Users.Any(u => u.Id == t.UserId && u.DeactivatedAt != null),
            })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("Unknown API token.");
        }
        if (token.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("This API token has been revoked.");
        }
        if (token.UserDeactivated)
        {
            return AuthenticateResult.Fail("This API token's member has been deactivated.");
        }
        if (token.ExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime)
        {
            return AuthenticateResult.Fail("This API token has expired.");
        }
        // A user's token can do no more than its user now may: a demoted editor's old admin token is an editor's.
        var role = token.UserRole is { } userRole && userRole < token.Role ? userRole : token.Role;
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, $"token:{token.Id}"),
            new(ClaimTypes.Name, token.Name),
            new(ClaimTypes.Role, Roles.Name(role)),
        ];
        if (token.UserId is { } userId)
        {
            claims.Add(new Claim(Actor.UserIdClaim, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var identity = new ClaimsIdentity(claims, ApiAuth.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiAuth.Scheme));
    }

    /// <summary>A refused token is told why (RFC 6750's invalid_token), in the header and as problem JSON.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        if (failure is null)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }
        Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{failure}\"";
        await Results.Problem(failure, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
