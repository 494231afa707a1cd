using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Comments;

/// <summary>
/// A signed cookie that lets the author of a held comment see it, with "Your comment is awaiting moderation.",
/// while nobody else does.
/// </summary>
public sealed class HeldComments(IDataProtectionProvider protection)
{
    public const string CookieName = "bs_held";
    private const int MaxRemembered = 20;
    private readonly IDataProtector _protector = protection.CreateProtector("Broadsheet.Comments.Held");

    public IReadOnlyCollection<int> Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }
        try
        {
            return [.. _protector.Unprotect(value).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0)];
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }

    public void Remember(HttpContext http, int commentId)
    {
        var ids = Read(http.Request).Append(commentId).Distinct().TakeLast(MaxRemembered);
        http.Response.Cookies.Append(CookieName, _protector.Protect(string.Join(',', ids)), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(30), IsEssential = true,
        });
    }
}
