using System.Globalization;

namespace Broadsheet.Media;

/// <summary>The columns of a picture that a listing or a page selects with its article, in the same query.</summary>
public sealed record MediaColumns(int Id, string Key, string Format, string Widths, int Width, int Height, string Alt, string? Caption, string? Credit)
{
    public ResponsiveImage Show(IMediaStore store) => ResponsiveImage.From(Id, Key, Format, Widths, Width, Height, Alt, Caption, Credit, store);
}

/// <summary>A picture as a page shows it: srcset for each format, the largest as src, its size, alt text, caption and credit.</summary>
public sealed record ResponsiveImage(
    int Id, string Src, string SrcSet, string WebpSrcSet, int Width, int Height, string Alt, string? Caption, string? Credit, string LargestUrl, string SmallUrl)
{
    public static ResponsiveImage From(MediaItem m, IMediaStore store) =>
        From(m.Id, m.Key, m.Format, m.Widths, m.Width, m.Height, m.Alt, m.Caption, m.Credit, store);

    /// <summary>From a projection's columns (listings select them without loading the row).</summary>
    public static ResponsiveImage From(int id, string key, string format, string widths, int width, int height, string alt, string? caption, string? credit, IMediaStore store)
    {
        var list = widths.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList();
        string Url(int w, string extension) => store.UrlOf($"{key}-{w}.{extension}");
        string Set(string extension) => string.Join(", ", list.Select(w => $"{Url(w, extension)} {w}w"));
        var largest = list[^1];
        var middle = list.LastOrDefault(w => w <= 1024, list[0]);
        var small = list.LastOrDefault(w => w <= 640, list[0]);
        var shownHeight = (int)Math.Round(height * (double)largest / width);
        return new ResponsiveImage(id, Url(middle, format), Set(format), Set("webp"), largest, shownHeight, alt, caption, credit, Url(largest, format), Url(small, format));
    }

    /// <summary>What to paste into an article body: Markdown for the 1024-pixel variant.</summary>
    public string Markdown => $"![{Alt.Replace("]", "\\]", StringComparison.Ordinal)}]({Src})";
}
