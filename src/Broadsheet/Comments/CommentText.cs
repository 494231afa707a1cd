using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Broadsheet.Comments;

/// <summary>
/// A comment is plain text: any HTML in it is shown as text. Paragraphs and line breaks are kept, and web
/// addresses become links marked rel="nofollow ugc" (they are the commenter's, not the site's).
/// </summary>
public static partial class CommentText
{
    /// <summary>Equal texts have equal fingerprints; the fingerprint is short enough to index.</summary>
    public static string Fingerprint(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    public static string ToHtml(string text)
    {
        var html = new StringBuilder();
        var paragraphs = Paragraphs().Split(text.Trim()).Where(p => p.Trim().Length > 0);
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>");
            var lines = paragraph.Trim().Split('\n').Select(l => Linkify(l.TrimEnd('\r')));
            html.AppendJoin("<br>", lines);
            html.Append("</p>");
        }
        return html.ToString();
    }

    private static string Linkify(string line)
    {
        var html = new StringBuilder();
        var last = 0;
        foreach (Match url in Urls().Matches(line))
        {
            html.Append(WebUtility.HtmlEncode(line[last..url.Index]));
            var href = url.Value.TrimEnd('.', ',', ')', '!', '?', ';', ':');
            var encoded = WebUtility.HtmlEncode(href);
            html.Append("<a href=\"").Append(encoded).Append("\" rel=\"nofollow ugc\">").Append(encoded).Append("</a>");
            last = url.Index + href.Length;
        }
        html.Append(WebUtility.HtmlEncode(line[last..]));
        return html.ToString();
    }

    [GeneratedRegex(@"\n\s*\n", RegexOptions.NonBacktracking)]
    private static partial Regex Paragraphs();

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Urls();
}
