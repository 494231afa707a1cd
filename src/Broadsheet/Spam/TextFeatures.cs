using System.Text;

namespace Broadsheet.Spam;

/// <summary>
/// The classifier's view of a text: lowercased word unigrams and bigrams and character 3- to 5-grams, hashed into
/// a fixed number of buckets (the hashing trick: a small model whatever the vocabulary), each counted once.
/// </summary>
public static class TextFeatures
{
    public const int Bits = 18;
    public const int Buckets = 1 << Bits;

    public static int[] Extract(string text)
    {
        var normalised = Normalise(text);
        var features = new HashSet<int>();
        var words = Words(normalised);
        for (var i = 0; i < words.Count; i++)
        {
            features.Add(Bucket("w:", words[i]));
            if (i > 0)
            {
                features.Add(Bucket("b:", string.Concat(words[i - 1], " ", words[i])));
            }
        }
        var padded = $" {normalised} ";
        for (var n = 3; n <= 5; n++)
        {
            for (var i = 0; i + n <= padded.Length; i++)
            {
                features.Add(Bucket("c:", padded.AsSpan(i, n)));
            }
        }
        return [.. features];
    }

    private static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastSpace = true;
        foreach (var c in text.ToLowerInvariant())
        {
            var isSpace = char.IsWhiteSpace(c);
            if (isSpace && lastSpace)
            {
                continue;
            }
            builder.Append(isSpace ? ' ' : char.IsDigit(c) ? '0' : c);
            lastSpace = isSpace;
        }
        return builder.ToString().Trim();
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '\'' or '$' or '£' or '€');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }
        return words;
    }

    private static int Bucket(string prefix, ReadOnlySpan<char> value)
    {
        // FNV-1a: fast, stable across runs and platforms (string.GetHashCode is randomised per process).
        var hash = 2166136261u;
        foreach (var c in prefix)
        {
            hash = (hash ^ c) * 16777619u;
        }
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash & (Buckets - 1));
    }
}
