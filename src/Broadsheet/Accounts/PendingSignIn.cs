using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Accounts;

/// <summary>
/// Between the password and the second factor: a short-lived, encrypted cookie naming the user (and the stamp the
/// password was checked against), so the code page knows whose code it is without signing anyone in yet.
/// </summary>
public sealed class PendingSignIn(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "bs_2fa";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("Broadsheet.Accounts.PendingSignIn");

    public void Start(HttpContext http, User user, string returnUrl)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var value = _protector.Protect(string.Join('\n', user.Id.ToString(CultureInfo.InvariantCulture), user.SecurityStamp,
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), returnUrl));
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/admin/login", MaxAge = Lifetime,
        });
    }

    /// <summary>The pending user's id, stamp and where to go afterwards; null when there is none or it has expired.</summary>
    public (int UserId, string Stamp, string ReturnUrl)? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { } value)
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            if (parts.Length == 4 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expires) && DateTimeOffset.FromUnixTimeSeconds(expires) > clock.GetUtcNow())
            {
                return (id, parts[1], parts[3]);
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
        }
        return null;
    }

    public static void End(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/admin/login" });
}
