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
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static bool IsEditor(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BroadsheetDb db)
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
            .Select(t => new { t.Id, t.Name, t.Role }).SingleOrDefaultAsync(Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("Unknown API token.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, $"token:{token.Id}"),
                new Claim(ClaimTypes.Name, token.Name),
                new Claim(ClaimTypes.Role, token.Role == UserRole.Admin ? ApiAuth.Admin : ApiAuth.Editor),
            ],
            ApiAuth.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiAuth.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
