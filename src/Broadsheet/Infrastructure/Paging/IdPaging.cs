using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Paging;

/// <summary>Keyset paging of an API list by the entities' "Id" key: each page costs the same, however deep.</summary>
public static class IdPaging
{
    /// <summary>The page after <paramref name="cursor"/>, or null when the cursor is not one the API gave out.</summary>
    public static async Task<Paged<TOut>?> PageAsync<T, TOut>(
        IQueryable<T> query, string? cursor, int? limit, bool newestFirst, Func<T, TOut> map, Func<T, int> idOf, CancellationToken ct)
        where T : class
    {
        if (KeysetCursor.TryDecode(cursor, out var after))
        {
            query = newestFirst
                ? query.Where(e => EF.Property<int>(e, "Id") < after.Id)
                : query.Where(e => EF.Property<int>(e, "Id") > after.Id);
        }
        else if (!string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        var take = PageLimits.Clamp(limit);
        query = newestFirst ? query.OrderByDescending(e => EF.Property<int>(e, "Id")) : query.OrderBy(e => EF.Property<int>(e, "Id"));
        var rows = await query.Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? new KeysetCursor(0, idOf(page[^1])).Encode() : null;
        return new Paged<TOut>([.. page.Select(map)], next);
    }

    public const string BadCursor = "This cursor is not one the API gave out.";
}
