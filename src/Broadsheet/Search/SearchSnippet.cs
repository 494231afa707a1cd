using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Broadsheet.Search;

/// <summary>
/// Snippets come back from the engines as plain text with two private-use characters around matched words. The
/// text is HTML-encoded first and only then are those two turned into our own &lt;mark&gt; tags, so nothing in an
/// article's text can become markup. Indexed text never holds the two characters (<see cref="Clean"/>).
/// </summary>
public static class SearchSnippet
{
    public const char Start = '\uE000';
    public const char End = '\uE001';

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Html(string text)
    {
        var html = new StringBuilder(text.Length + 32);
        var open = false;
        var from = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is not (Start or End))
            {
                continue;
            }
            html.Append(Encoder.Encode(text[from..i]));
            from = i + 1;
            // A stray or doubled mark changes nothing: marks only ever open, then close.
            if (i < text.Length && (text[i] == Start) != open)
            {
                html.Append(open ? "</mark>" : "<mark>");
                open = !open;
            }
        }
        return open ? html.Append("</mark>").ToString() : html.ToString();
    }

    /// <summary>Text as it may go into the index: without the mark characters.</summary>
    public static string Clean(string text) =>
        text.Contains(Start, StringComparison.Ordinal) || text.Contains(End, StringComparison.Ordinal)
            ? text.Replace(Start.ToString(), "", StringComparison.Ordinal).Replace(End.ToString(), "", StringComparison.Ordinal)
            : text;
}
