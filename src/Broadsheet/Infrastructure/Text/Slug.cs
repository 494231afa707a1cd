using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Broadsheet.Infrastructure.Text;

/// <summary>URL slugs: lowercase ASCII letters, digits and single hyphens.</summary>
public static partial class Slug
{
    public const int MaxLength = 120;

    public const string InvalidMessage = "A slug may contain only lowercase letters, digits and single hyphens.";

    public static string From(string text)
    {
        var decomposed = CleanText.Line(text).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        var slug = Hyphens().Replace(builder.ToString(), "-").Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }
        return slug;
    }

    public static bool IsValid(string slug) => slug.Length is > 0 and <= MaxLength && ValidSlug().IsMatch(slug);

    [GeneratedRegex("-{2,}", RegexOptions.NonBacktracking)]
    private static partial Regex Hyphens();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.NonBacktracking)]
    private static partial Regex ValidSlug();
}
