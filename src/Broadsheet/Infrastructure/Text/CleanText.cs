using System.Text;

namespace Broadsheet.Infrastructure.Text;

/// <summary>
/// What text input keeps: no control characters (but line breaks and tabs in blocks of text), no Unicode
/// noncharacters, no lone surrogates, no bidirectional embeddings, overrides or isolates. Such characters only
/// ever arrive by accident or attack: they break normalisation, XML feeds and terminals downstream, and the
/// bidi ones make a name or a link read otherwise than it is ("Trojan Source"); right-to-left text needs none of
/// them, the Unicode bidi algorithm lays it out (the left-to-right and right-to-left marks stay). What is kept
/// is normalised to NFC, so "é" typed either way is one text, one slug, one duplicate.
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
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || (c >= '\uFDD0' && c <= '\uFDEF') || IsBidiControl(c))
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
        var kept = cleaned?.ToString() ?? text;
        return kept.IsNormalized(NormalizationForm.FormC) ? kept : kept.Normalize(NormalizationForm.FormC);
    }

    /// <summary>LRE, RLE, PDF, LRO, RLO (U+202A–E) and LRI, RLI, FSI, PDI (U+2066–9).</summary>
    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
