using System.Text;

namespace Broadsheet.Infrastructure.Text;

/// <summary>
/// What text input keeps: no control characters (but line breaks and tabs in blocks of text), no Unicode
/// noncharacters, no lone surrogates. Such characters only ever arrive by accident or attack, and they break
/// normalisation, XML feeds and terminals downstream.
/// </summary>
public static class CleanText
{
    /// <summary>A one-line value (title, name): trimmed, with line breaks turned into spaces.</summary>
    public static string Line(string text) => Clean(text, keepLineBreaks: false).Trim();

    /// <summary>A block of text (a Markdown body): line breaks and tabs stay.</summary>
    public static string Block(string text) => Clean(text, keepLineBreaks: true);

    private static string Clean(string text, bool keepLineBreaks)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var keep = true;
            var replacement = "";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || (c >= '\uFDD0' && c <= '\uFDEF'))
            {
                keep = false;
            }
            else if (c is '\n' or '\r' or '\t')
            {
                keep = keepLineBreaks;
                replacement = c == '\r' ? "" : " ";
            }
            else if (char.IsControl(c))
            {
                keep = false;
            }
            if (!keep && cleaned is null)
            {
                cleaned = new StringBuilder(text.Length).Append(text, 0, i);
            }
            if (cleaned is not null)
            {
                cleaned.Append(keep ? c.ToString() : replacement);
            }
        }
        return cleaned?.ToString() ?? text;
    }
}
