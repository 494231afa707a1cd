using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broadsheet.Accounts;

public static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<AccountEditing>();
        services.AddScoped<AccountBootstrap>();
        services.AddScoped<SignIn>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<PasswordResets>();
        services.AddSingleton<PendingSignIn>();
        services.AddAuthentication(ApiAuth.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(ApiAuth.Scheme, null)
            .AddCookie(SignIn.Scheme, o =>
            {
                o.LoginPath = "/admin/login";
                o.LogoutPath = "/admin/logout";
                o.Cookie.Name = SignIn.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = SignIn.ValidateCookieAsync;
                // A member whose role does not reach a page gets a 403 with the admin's own explanation, not a redirect.
                o.AccessDeniedPath = "/admin/denied";
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AnyRolePolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(UserRole.Contributor)))
            .AddPolicy(Roles.AuthorPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(UserRole.Author)))
            .AddPolicy(Roles.EditorPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(UserRole.Editor)))
            .AddPolicy(Roles.AdministratorPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(UserRole.Administrator)))
            .AddPolicy(SignIn.Policy, p => p.AddAuthenticationSchemes(SignIn.Scheme).RequireAuthenticatedUser());
        return services;
    }
}

/// <summary>Broadsheet__BootstrapToken and Broadsheet__BootstrapAdmin__Email/__Password (PRODUCT.md, run contract).</summary>
public sealed class AccountBootstrap(AccountEditing accounts, IOptions<Infrastructure.BroadsheetOptions> options, ILogger<AccountBootstrap> logger)
{
    public const int MinimumTokenLength = 32;

    public async Task EnsureAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.BootstrapToken))
        {
            if (settings.BootstrapToken.Length < MinimumTokenLength)
            {
                throw new OptionsValidationException("Broadsheet:BootstrapToken", typeof(Infrastructure.BroadsheetOptions),
                    [$"Broadsheet__BootstrapToken must be at least {MinimumTokenLength} characters long."]);
            }
            await accounts.EnsureTokenAsync("bootstrap", settings.BootstrapToken, UserRole.Administrator, ct);
        }
        if (settings.BootstrapAdmin is { Email: { Length: > 0 } email, Password: { Length: > 0 } password })
        {
            await accounts.EnsureUserAsync(email, password, UserRole.Administrator, ct);
            logger.LogInformation("The bootstrap admin is ready.");
        }
    }
}
