using System.Text;

namespace Broadsheet.Search;

/// <summary>
/// What a reader typed, as the engines take it: words that must all appear (each matched by its stem, accents
/// ignored) and phrases in double quotes whose words must appear in that order. Only letters and digits reach an
/// engine, so no query can use, or break, an engine's own syntax: operators, brackets, stray quotes and asterisks are
/// separators like spaces.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<SearchQuery.Part> Parts, bool Shortened, bool AnyPart = false)
{
    /// <summary>A single word (one element) or a quoted phrase.</summary>
    public sealed record Part(IReadOnlyList<string> Words)
    {
        public bool IsPhrase => Words.Count > 1;
    }

    /// <summary>More words than this are not searched (the page says so): each one is another index lookup.</summary>
    public const int MaxWords = 12;

    /// <summary>A longer word is no word a reader is looking for; it is cut here rather than refused.</summary>
    public const int MaxWordLength = 40;

    public bool IsEmpty => Parts.Count == 0;

    public IEnumerable<string> Words => Parts.SelectMany(p => p.Words);

    public static SearchQuery Parse(string? text)
    {
        var parts = new List<Part>();
        var count = 0;
        var shortened = false;
        var quoted = false;
        var phrase = new List<string>();
        var word = new StringBuilder();
        void EndWord()
        {
            if (word.Length == 0)
            {
                return;
            }
            if (count < MaxWords)
            {
                var value = word.ToString();
                phrase.Add(value.Length > MaxWordLength ? value[..MaxWordLength] : value);
                count++;
            }
            else
            {
                shortened = true;
            }
            word.Clear();
            if (!quoted)
            {
                EndPart();
            }
        }
        void EndPart()
        {
            if (phrase.Count > 0)
            {
                parts.Add(new Part([.. phrase]));
                phrase.Clear();
            }
        }
        foreach (var c in text ?? "")
        {
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            EndWord();
            if (c == '"' || c == '“' || c == '”')
            {
                EndPart();
                quoted = !quoted;
            }
        }
        EndWord();
        EndPart();
        return new SearchQuery(parts, shortened);
    }

    /// <summary>
    /// Articles about the same things as a text (related articles): its longer words that are not everyday ones, of
    /// which any may match, the more the better.
    /// </summary>
    public static SearchQuery Like(string text)
    {
        var words = Parse(text.Replace('"', ' ')).Words.Where(w => w.Length >= 4 && !Everyday.Contains(w)).Distinct().Take(8);
        return new SearchQuery([.. words.Select(w => new Part([w]))], false, AnyPart: true);
    }

    private static readonly HashSet<string> Everyday = new(StringComparer.Ordinal)
    {
        "about", "after", "again", "also", "been", "before", "being", "could", "does", "down", "each", "from", "have",
        "here", "into", "just", "like", "make", "many", "more", "most", "much", "must", "next", "only", "other", "over",
        "said", "says", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
        "under", "until", "very", "what", "when", "where", "which", "while", "will", "with", "would", "year", "years", "your",
    };

    /// <summary>The query as the reader's words, for the page: phrases in quotes.</summary>
    public override string ToString() => string.Join(' ', Parts.Select(p => p.IsPhrase ? $"\"{string.Join(' ', p.Words)}\"" : p.Words[0]));
}
