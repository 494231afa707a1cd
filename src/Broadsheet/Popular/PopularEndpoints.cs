using System.Globalization;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Popular;

public sealed record PopularList(IReadOnlyList<PopularArticle> Items);

public static class PopularEndpoints
{
    public static IEndpointRouteBuilder MapPopularEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Popular").MapGet("/popular", GetPopular).WithName("GetPopular");
        return app;
    }

    /// <summary><c>?window=7d</c> (or hours: <c>24h</c>) and <c>?limit=5</c>.</summary>
    private static async Task<Results<Ok<PopularList>, ProblemHttpResult>> GetPopular(
        string? window, int? limit, PopularQueries popular, HttpContext http, CancellationToken ct)
    {
        var span = TimeSpan.FromDays(7);
        if (!string.IsNullOrEmpty(window) && !TryParseWindow(window, out span))
        {
            return Problems.Unprocessable("window", "The window must be a number of days or hours, like 7d or 24h, up to 365d.");
        }
        if (limit is < 1 or > 50)
        {
            return Problems.Unprocessable("limit", "The limit must be between 1 and 50.");
        }
        var top = await popular.TopAsync(span, limit ?? 5, ct);
        return TypedResults.Ok(new PopularList([.. top.Select(p => p with { Url = Infrastructure.PublicUrls.Absolute(http.Request, p.Url) })]));
    }

    private static bool TryParseWindow(string text, out TimeSpan window)
    {
        window = default;
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return false;
        }
        window = char.ToLowerInvariant(text[^1]) switch
        {
            'd' when n <= 365 => TimeSpan.FromDays(n),
            'h' when n <= 365 * 24 => TimeSpan.FromHours(n),
            _ => default,
        };
        return window > TimeSpan.Zero;
    }
}
