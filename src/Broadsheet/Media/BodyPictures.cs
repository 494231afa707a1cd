using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Media;

/// <summary>
/// An article body rendered as the public page shows it: the Markdown pipeline, then every picture placed from the
/// media library (an &lt;img&gt; of one of its variants) given all its sizes — WebP and the original format — with
/// sizes, width and height, so a body picture loads as small as the screen allows and the text does not jump.
/// Pictures from elsewhere stay as written. Done at save time, like the rest of the rendering.
/// </summary>
public sealed partial class BodyPictures(BroadsheetDb db, MarkdownRenderer markdown, IMediaStore store)
{
    public const string Sizes = "(min-width: 48rem) 46rem, 100vw";

    public async Task<RenderedMarkdown> RenderAsync(string body, CancellationToken ct)
    {
        var rendered = markdown.Render(body);
        if (Parse(rendered) is not { } parsed)
        {
            return rendered;
        }
        var keys = parsed.Placed.Select(p => p.Match.Groups["key"].Value).Distinct().ToList();
        return Place(rendered, parsed, await db.MediaItems.AsNoTracking().Where(m => keys.Contains(m.Key)).ToDictionaryAsync(m => m.Key, ct));
    }

    /// <summary>As <see cref="RenderAsync"/> places pictures, with the library's rows given (by key) instead of read.</summary>
    public RenderedMarkdown Place(RenderedMarkdown rendered, IReadOnlyDictionary<string, MediaItem> items) =>
        Parse(rendered) is { } parsed ? Place(rendered, parsed, items) : rendered;

    private sealed record Parsed(AngleSharp.Dom.IDocument Document, List<(AngleSharp.Dom.IElement Img, Match Match)> Placed);

    private static Parsed? Parse(RenderedMarkdown rendered)
    {
        if (!rendered.Html.Contains(FileMediaStore.UrlPrefix + "/", StringComparison.Ordinal))
        {
            return null;
        }
        var document = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{rendered.Html}</body></html>");
        var placed = document.QuerySelectorAll("img[src]").Select(img => (Img: img, Match: VariantPath().Match(img.GetAttribute("src")!))).Where(p => p.Match.Success).ToList();
        return new Parsed(document, placed);
    }

    private RenderedMarkdown Place(RenderedMarkdown rendered, Parsed parsed, IReadOnlyDictionary<string, MediaItem> items)
    {
        var (document, placed) = (parsed.Document, parsed.Placed);
        foreach (var (img, match) in placed)
        {
            if (!items.TryGetValue(match.Groups["key"].Value, out var item))
            {
                continue;
            }
            var image = ResponsiveImage.From(item, store);
            var picture = document.CreateElement("picture");
            var source = document.CreateElement("source");
            source.SetAttribute("type", "image/webp");
            source.SetAttribute("srcset", image.WebpSrcSet);
            source.SetAttribute("sizes", Sizes);
            img.Parent!.ReplaceChild(picture, img);
            picture.AppendChild(source);
            picture.AppendChild(img);
            img.SetAttribute("src", image.Src);
            img.SetAttribute("srcset", image.SrcSet);
            img.SetAttribute("sizes", Sizes);
            img.SetAttribute("width", image.Width.ToString(System.Globalization.CultureInfo.InvariantCulture));
            img.SetAttribute("height", image.Height.ToString(System.Globalization.CultureInfo.InvariantCulture));
            img.SetAttribute("loading", "lazy");
            img.SetAttribute("decoding", "async");
            if (string.IsNullOrWhiteSpace(img.GetAttribute("alt")))
            {
                img.SetAttribute("alt", item.Alt);
            }
        }
        return rendered with { Html = document.Body!.InnerHtml };
    }

    /// <summary>/media/uploads/{key}-{width}.{extension}: the key is everything before the last "-width".</summary>
    [GeneratedRegex("^" + FileMediaStore.UrlPrefix + @"/(?<key>.+)-\d+\.(jpg|png|gif|webp)$", RegexOptions.NonBacktracking)]
    private static partial Regex VariantPath();
}
