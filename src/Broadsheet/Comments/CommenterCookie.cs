using System.Text.Json;

namespace Broadsheet.Comments;

/// <summary>
/// "Save my name, email, and website in this browser": a cookie the page script reads to fill the form. It is
/// set only when the reader ticks the box, and removed when they post without it.
/// </summary>
public static class CommenterCookie
{
    public const string Name = "bs_commenter";

    public static void Apply(HttpContext http, Comment? remembered)
    {
        if (remembered is null)
        {
            http.Response.Cookies.Delete(Name);
            return;
        }
        var value = JsonSerializer.Serialize(new { name = remembered.Name, email = remembered.Email, website = remembered.Website ?? "" });
        // The cookie writer percent-encodes the value; the page script decodes it once.
        http.Response.Cookies.Append(Name, value, new CookieOptions
        {
            SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
    }
}
