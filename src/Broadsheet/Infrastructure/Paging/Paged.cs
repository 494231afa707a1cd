using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Broadsheet.Infrastructure.Paging;

/// <summary>The list shape of the API: <c>{"items": [...], "next": "cursor" | null}</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// An opaque keyset cursor: the sort key and id of the last item served, so page 200 costs what page 1 costs.
/// </summary>
public readonly record struct KeysetCursor(long SortKey, int Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{SortKey}.{Id}")));

    /// <summary>The cursor a page link carried, or null for the first page (an unreadable one also starts over).</summary>
    public static KeysetCursor? FromQuery(string? text) => TryDecode(text, out var cursor) ? cursor : null;

    public static bool TryDecode(string? text, out KeysetCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var key)
                && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                // Sort keys are instants' ticks (or 0): anything else was not made here, and would not be a DateTime.
                && key >= 0 && key <= DateTime.MaxValue.Ticks && id >= 0)
            {
                cursor = new KeysetCursor(key, id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}

public static class PageLimits
{
    public const int Default = 20;
    public const int Max = 100;

    public static int Clamp(int? limit) => Math.Clamp(limit ?? Default, 1, Max);
}
