using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Broadsheet.Import;

/// <summary>An attachment of the export as a body needs it: for [gallery] and [caption].</summary>
public sealed record WordPressAttachment(long Id, long ParentId, string Url, string? Alt, string? Caption);

/// <summary>
/// A WordPress post body (<c>content:encoded</c>) as the WordPress theme showed it: the common shortcodes become
/// their HTML, WordPress's paragraph rules (wpautop) run on classic-editor text, and the result is written so that
/// our Markdown pipeline passes it through untouched (one HTML block: no blank lines) to the sanitiser.
/// </summary>
public static partial class WordPressHtml
{
    public sealed record Converted(string Body, IReadOnlyList<string> UnknownShortcodes, bool HasGallery);

    private static readonly HashSet<string> Handled = ["caption", "wp_caption", "gallery", "embed", "audio", "video"];

    /// <param name="attachments">Attachments by id, for [gallery ids=…]; <paramref name="postId"/>'s children for a bare [gallery].</param>
    public static Converted Convert(string content, long postId, IReadOnlyDictionary<long, WordPressAttachment> attachments)
    {
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        var placed = new List<string>();
        var gallery = false;
        // The block editor's comments are editor data; its content is already paragraphs (WordPress skips wpautop for it).
        var blocks = content.Contains("<!-- wp:", StringComparison.Ordinal);
        var text = HtmlComment().Replace(content.Replace("\r\n", "\n").Replace('\r', '\n'), "");
        text = Shortcodes(text, postId, attachments, placed, unknown, ref gallery);
        if (!blocks)
        {
            text = AutoP(text);
        }
        for (var i = 0; i < placed.Count; i++)
        {
            text = text.Replace(Placeholder(i), placed[i], StringComparison.Ordinal);
        }
        return new Converted(AsOneHtmlBlock(text), [.. unknown], gallery);
    }

    private static string Placeholder(int i) => $"<div data-wp-shortcode=\"{i}\"></div>";

    private static string Shortcodes(string text, long postId, IReadOnlyDictionary<long, WordPressAttachment> attachments, List<string> placed,
        SortedSet<string> unknown, ref bool gallery)
    {
        var output = new StringBuilder(text.Length);
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('[', at);
            if (open < 0)
            {
                break;
            }
            var match = ShortcodeOpening().Match(text, open);
            if (!match.Success || match.Index != open)
            {
                output.Append(text, at, open + 1 - at);
                at = open + 1;
                continue;
            }
            var name = match.Groups["name"].Value.ToLowerInvariant();
            // [[name]] is WordPress's way of writing a shortcode as text.
            if (open > 0 && text[open - 1] == '[' && match.Index + match.Length < text.Length && text[match.Index + match.Length] == ']')
            {
                output.Append(text, at, open - 1 - at).Append(text, open, match.Length);
                at = match.Index + match.Length + 1;
                continue;
            }
            if (!Handled.Contains(name))
            {
                unknown.Add(name);
                output.Append(text, at, match.Index + match.Length - at);
                at = match.Index + match.Length;
                continue;
            }
            var attributes = Attributes(match.Groups["attributes"].Value);
            var end = match.Index + match.Length;
            var inner = "";
            var selfClosed = match.Value.EndsWith("/]", StringComparison.Ordinal);
            var closing = selfClosed ? -1 : text.IndexOf($"[/{match.Groups["name"].Value}]", end, StringComparison.OrdinalIgnoreCase);
            if (closing >= 0)
            {
                inner = text[end..closing];
                end = closing + match.Groups["name"].Length + 3;
            }
            output.Append(text, at, open - at);
            string? html = name switch
            {
                "caption" or "wp_caption" => Caption(attributes, inner),
                "gallery" => Gallery(attributes, postId, attachments),
                "embed" => Link(inner.Trim()),
                "audio" => Media("audio", attributes, ["src", "mp3", "m4a", "ogg", "wav", "wma"]),
                "video" => Media("video", attributes, ["src", "mp4", "m4v", "webm", "ogv", "wmv", "flv"]),
                _ => null,
            };
            gallery |= name == "gallery";
            if (html is null)
            {
                output.Append(text, open, end - open);
            }
            else
            {
                output.Append("\n\n").Append(Placeholder(placed.Count)).Append("\n\n");
                placed.Add(html);
            }
            at = end;
        }
        output.Append(text, at, text.Length - at);
        return output.ToString();
    }

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in ShortcodeAttribute().Matches(text))
        {
            var value = attribute.Groups["double"].Success ? attribute.Groups["double"].Value
                : attribute.Groups["single"].Success ? attribute.Groups["single"].Value : attribute.Groups["bare"].Value;
            attributes[attribute.Groups["key"].Value] = WebUtility.HtmlDecode(value);
        }
        return attributes;
    }

    private static string Caption(Dictionary<string, string> attributes, string inner)
    {
        // The picture (maybe inside a link) comes first; the rest of the text, or the caption attribute, is the caption.
        var picture = CaptionPicture().Match(inner);
        var media = picture.Success ? picture.Value : "";
        var caption = attributes.GetValueOrDefault("caption") ?? (picture.Success ? inner.Remove(picture.Index, picture.Length) : inner).Trim();
        return caption.Length == 0 ? $"<figure>{media}</figure>" : $"<figure>{media}<figcaption>{caption}</figcaption></figure>";
    }

    private static string Gallery(Dictionary<string, string> attributes, long postId, IReadOnlyDictionary<long, WordPressAttachment> attachments)
    {
        var pictures = attributes.TryGetValue("ids", out var ids) || attributes.TryGetValue("include", out ids)
            ? [.. ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(id => long.TryParse(id, out var n) ? attachments.GetValueOrDefault(n) : null).OfType<WordPressAttachment>()]
            : attachments.Values.Where(a => a.ParentId == postId).OrderBy(a => a.Id).ToList();
        var html = new StringBuilder("<div>");
        foreach (var picture in pictures)
        {
            html.Append("<figure><img src=\"").Append(WebUtility.HtmlEncode(picture.Url)).Append("\" alt=\"")
                .Append(WebUtility.HtmlEncode(picture.Alt ?? "")).Append("\" loading=\"lazy\">");
            if (!string.IsNullOrWhiteSpace(picture.Caption))
            {
                html.Append("<figcaption>").Append(WebUtility.HtmlEncode(picture.Caption)).Append("</figcaption>");
            }
            html.Append("</figure>");
        }
        return html.Append("</div>").ToString();
    }

    private static string? Link(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? $"<p><a href=\"{WebUtility.HtmlEncode(uri.AbsoluteUri)}\">{WebUtility.HtmlEncode(url)}</a></p>"
            : null;

    private static string? Media(string element, Dictionary<string, string> attributes, string[] sources)
    {
        var urls = sources.Select(attributes.GetValueOrDefault).OfType<string>()
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https").Distinct().ToList();
        if (urls.Count == 0)
        {
            return null;
        }
        var html = new StringBuilder($"<{element} controls preload=\"metadata\"");
        if (element == "video" && attributes.GetValueOrDefault("poster") is { } poster && Uri.TryCreate(poster, UriKind.Absolute, out _))
        {
            html.Append(" poster=\"").Append(WebUtility.HtmlEncode(poster)).Append('"');
        }
        html.Append('>');
        foreach (var url in urls)
        {
            html.Append("<source src=\"").Append(WebUtility.HtmlEncode(url)).Append("\">");
        }
        var first = WebUtility.HtmlEncode(urls[0]);
        return html.Append("<a href=\"").Append(first).Append("\">").Append(first).Append("</a></").Append(element).Append('>').ToString();
    }

    private const string Blocks = "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary";

    /// <summary>WordPress's wpautop (wp-includes/formatting.php), step by step: blank lines make paragraphs, single newlines make line breaks.</summary>
    public static string AutoP(string text)
    {
        if (text.Trim().Length == 0)
        {
            return "";
        }
        text += "\n";
        var pres = new List<string>();
        text = Pre().Replace(text, m =>
        {
            pres.Add(m.Value);
            return $"<pre wp-pre-tag-{pres.Count - 1}></pre>";
        });
        text = DoubleBreak().Replace(text, "\n\n");
        text = BlockOpening().Replace(text, "\n\n$1");
        text = BlockClosing().Replace(text, "$1\n\n");
        text = Rule().Replace(text, "$1\n\n");
        text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        text = NewlinesInTags(text);
        text = ManyNewlines().Replace(text, "\n\n");
        var paragraphs = ParagraphBreak().Split(text).Where(p => p.Length > 0 && p.Trim().Length > 0);
        var html = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(paragraph.Trim('\n')).Append("</p>\n");
        }
        text = html.ToString();
        text = EmptyParagraph().Replace(text, "");
        text = UnclosedInContainer().Replace(text, "<p>$1</p></$2>");
        text = WrappedBlockTag().Replace(text, "$1");
        text = WrappedListItem().Replace(text, "$1");
        text = WrappedBlockquote().Replace(text, "<blockquote$1><p>");
        text = text.Replace("</blockquote></p>", "</p></blockquote>", StringComparison.Ordinal);
        text = ParagraphBeforeBlockTag().Replace(text, "$1");
        text = ParagraphAfterBlockTag().Replace(text, "$1");
        text = LineBreaks(text);
        text = BreakAfterBlockTag().Replace(text, "$1");
        text = BreakBeforeBlockTag().Replace(text, "$1");
        if (text.EndsWith("\n</p>", StringComparison.Ordinal))
        {
            text = text[..^5] + "</p>";
        }
        for (var i = 0; i < pres.Count; i++)
        {
            text = text.Replace($"<pre wp-pre-tag-{i}></pre>", pres[i], StringComparison.Ordinal);
        }
        return text.Replace(" <!-- wpnl --> ", "\n", StringComparison.Ordinal).Replace("<!-- wpnl -->", "\n", StringComparison.Ordinal);
    }

    /// <summary>Newlines inside tags (attributes over several lines) must not become paragraphs or breaks.</summary>
    private static string NewlinesInTags(string text)
    {
        var output = new StringBuilder(text.Length);
        var inTag = false;
        foreach (var c in text)
        {
            inTag = c == '<' || (inTag && c != '>');
            output.Append(inTag && c == '\n' ? " <!-- wpnl --> " : c.ToString());
        }
        return output.ToString();
    }

    /// <summary>
    /// Every newline not already after a &lt;br /&gt; becomes one, except inside script, style, svg and math (and the
    /// whitespace before it goes, as wpautop's <c>(?&lt;!&lt;br /&gt;)\s*\n</c> does).
    /// </summary>
    private static string LineBreaks(string text)
    {
        text = text.Replace("<br>", "<br />", StringComparison.Ordinal).Replace("<br/>", "<br />", StringComparison.Ordinal);
        var output = new StringBuilder(text.Length + 64);
        var preserved = Preserved().Matches(text).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        var next = 0;
        for (var i = 0; i < text.Length; i++)
        {
            while (next < preserved.Count && preserved[next].End <= i)
            {
                next++;
            }
            var keep = next < preserved.Count && preserved[next].Index <= i;
            if (text[i] != '\n' || keep)
            {
                output.Append(text[i]);
                continue;
            }
            var trimmed = output.Length;
            while (trimmed > 0 && char.IsWhiteSpace(output[trimmed - 1]) && output[trimmed - 1] != '\n')
            {
                trimmed--;
            }
            if (trimmed < 6 || output.ToString(trimmed - 6, 6) != "<br />")
            {
                output.Length = trimmed;
                output.Append("<br />");
            }
            output.Append('\n');
        }
        return output.ToString();
    }

    /// <summary>
    /// Our Markdown pipeline passes an HTML block through as it is, up to a blank line: so there is none (inside
    /// &lt;pre&gt; an empty line becomes a newline character reference), and the text starts with a tag.
    /// </summary>
    public static string AsOneHtmlBlock(string html)
    {
        var output = new StringBuilder(html.Length);
        var pre = false;
        foreach (var raw in html.Trim().Split('\n'))
        {
            var line = pre ? raw : raw.TrimStart();
            if (line.Trim().Length == 0)
            {
                if (pre)
                {
                    output.Append("&#10;");
                }
                continue;
            }
            output.Append(line).Append('\n');
            pre = PreState(line, pre);
        }
        var body = output.ToString().TrimEnd('\n');
        return body.Length == 0 || body.StartsWith('<') ? body : "<p>" + body + "</p>";
    }

    private static bool PreState(string line, bool pre)
    {
        var opened = line.LastIndexOf("<pre", StringComparison.OrdinalIgnoreCase);
        var closed = line.LastIndexOf("</pre>", StringComparison.OrdinalIgnoreCase);
        return opened >= 0 || closed >= 0 ? opened > closed : pre;
    }

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"\[(?<name>[A-Za-z][\w-]*)(?<attributes>(\s[^\]]*)?)\]", RegexOptions.NonBacktracking)]
    private static partial Regex ShortcodeOpening();

    [GeneratedRegex("""(?<key>[\w-]+)\s*=\s*(?:"(?<double>[^"]*)"|'(?<single>[^']*)'|(?<bare>[^\s"'\]]+))""", RegexOptions.NonBacktracking)]
    private static partial Regex ShortcodeAttribute();

    [GeneratedRegex(@"^\s*(<a\s[^>]*>\s*)?<img\s[^>]*>(\s*</a>)?", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex CaptionPicture();

    [GeneratedRegex("<pre[\\s>].*?</pre>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Pre();

    [GeneratedRegex(@"<br\s*/?>\s*<br\s*/?>", RegexOptions.NonBacktracking)]
    private static partial Regex DoubleBreak();

    [GeneratedRegex("(<(?:" + Blocks + ")[\\s/>])", RegexOptions.NonBacktracking)]
    private static partial Regex BlockOpening();

    [GeneratedRegex("(</(?:" + Blocks + ")>)", RegexOptions.NonBacktracking)]
    private static partial Regex BlockClosing();

    [GeneratedRegex(@"(<hr\s*?/?>)", RegexOptions.NonBacktracking)]
    private static partial Regex Rule();

    [GeneratedRegex("\n\n+", RegexOptions.NonBacktracking)]
    private static partial Regex ManyNewlines();

    [GeneratedRegex(@"\n\s*\n", RegexOptions.NonBacktracking)]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"<p>\s*</p>", RegexOptions.NonBacktracking)]
    private static partial Regex EmptyParagraph();

    [GeneratedRegex("<p>([^<]+)</(div|address|form)>", RegexOptions.NonBacktracking)]
    private static partial Regex UnclosedInContainer();

    [GeneratedRegex(@"<p>\s*(</?(?:" + Blocks + ")[^>]*>)\\s*</p>", RegexOptions.NonBacktracking)]
    private static partial Regex WrappedBlockTag();

    [GeneratedRegex("<p>(<li.+?)</p>", RegexOptions.NonBacktracking)]
    private static partial Regex WrappedListItem();

    [GeneratedRegex("<p><blockquote([^>]*)>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex WrappedBlockquote();

    [GeneratedRegex(@"<p>\s*(</?(?:" + Blocks + ")[^>]*>)", RegexOptions.NonBacktracking)]
    private static partial Regex ParagraphBeforeBlockTag();

    [GeneratedRegex("(</?(?:" + Blocks + @")[^>]*>)\s*</p>", RegexOptions.NonBacktracking)]
    private static partial Regex ParagraphAfterBlockTag();

    [GeneratedRegex("<(script|style|svg|math)[\\s>].*?</(script|style|svg|math)>", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Preserved();

    [GeneratedRegex("(</?(?:" + Blocks + @")[^>]*>)\s*<br />", RegexOptions.NonBacktracking)]
    private static partial Regex BreakAfterBlockTag();

    [GeneratedRegex(@"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", RegexOptions.NonBacktracking)]
    private static partial Regex BreakBeforeBlockTag();
}
