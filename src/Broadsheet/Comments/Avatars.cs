using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Comments;

/// <summary>
/// Avatars drawn here, so no reader's email (or its hash, as Gravatar needs) ever leaves the server: a symmetric
/// 5×5 identicon whose pattern and colour come from the keyed hash in the URL.
/// </summary>
public static class Avatars
{
    public static IEndpointRouteBuilder MapAvatars(this IEndpointRouteBuilder app)
    {
        app.MapGet("/avatars/{key:regex(^[0-9a-f]{{32}}$)}.svg", Draw).WithName("Avatar").WithTags("Comments").ExcludeFromDescription();
        return app;
    }

    private static ContentHttpResult Draw(string key, HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Text(Svg(key), "image/svg+xml");
    }

    public static string Svg(string key)
    {
        var bits = SHA256.HashData(Encoding.ASCII.GetBytes(key));
        var hue = (bits[0] << 8 | bits[1]) % 360;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 5 5\" width=\"40\" height=\"40\" shape-rendering=\"crispEdges\"><rect width=\"5\" height=\"5\" fill=\"hsl({hue},35%,92%)\"/>");
        for (var row = 0; row < 5; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                if ((bits[2 + row * 3 + column] & 1) == 0)
                {
                    continue;
                }
                foreach (var x in column == 2 ? [2] : new[] { column, 4 - column })
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{row}\" width=\"1\" height=\"1\" fill=\"hsl({hue},55%,45%)\"/>");
                }
            }
        }
        return svg.Append("</svg>").ToString();
    }
}
