using System.Globalization;
using System.Text.RegularExpressions;

namespace Broadsheet.Spam;

/// <summary>What the form adds (absent for API posts): the hidden honeypot field and the time to submit.</summary>
public sealed record FormEvidence(bool HoneypotFilled, TimeSpan TimeToSubmit);

/// <summary>
/// What the site already knows about the author and the text, from earlier comments: those from the same email,
/// those from the same address under other emails, and those naming the same website.
/// </summary>
public sealed record CommentHistory(
    int EmailSpam, int EmailApproved, int AddressSpam, int AddressApproved, int WebsiteSpam, int WebsiteApproved, bool SameTextOnOtherArticles)
{
    public static readonly CommentHistory None = new(0, 0, 0, 0, 0, 0, false);
}

public sealed record SpamInput(string Body, string Name, string? Website, FormEvidence? Form, CommentHistory History);

/// <summary>One measured signal: its value, and how a moderator reads it when it counts.</summary>
public readonly record struct Signal(string Name, double Value, string Reason);

/// <summary>
/// The signals besides the words: links and their share of the text, links in the author name, BBCode and HTML link
/// stuffing, repeated characters, shouting, mixed scripts within a word, plus history and form evidence.
/// </summary>
public static partial class SpamSignals
{
    /// <summary>Signals measurable on any text (and so learnable from the training data), in the model's order.</summary>
    public static readonly string[] TextSignalNames = ["links", "linkShare", "nameLooksLikeAd", "markupLinks", "repeatedCharacters", "shouting", "mixedScripts"];

    public static Signal[] TextSignals(string body, string name)
    {
        var links = Urls().Matches(body);
        var linkChars = links.Sum(m => m.Length);
        var letters = body.Count(char.IsLetter);
        var upper = body.Count(char.IsUpper);
        var longestRun = LongestRun(body);
        return
        [
            new("links", Math.Log(1 + links.Count), $"{links.Count} link{(links.Count == 1 ? "" : "s")}"),
            new("linkShare", body.Length == 0 ? 0 : (double)linkChars / body.Length, "mostly links"),
            new("nameLooksLikeAd", AdName().IsMatch(name) ? 1 : 0, "the name looks like an advertisement"),
            new("markupLinks", Math.Log(1 + MarkupLinks().Count(body)), "BBCode or HTML links"),
            new("repeatedCharacters", longestRun >= 5 ? Math.Min(longestRun, 20) / 10.0 : 0, $"a character repeated {longestRun} times"),
            // Acronyms are news; whole sentences in capitals are shouting.
            new("shouting", letters >= 20 && upper * 2 >= letters ? (double)upper / letters : 0, "written in capitals"),
            new("mixedScripts", MixedScriptWord(body) ? 1 : 0, "words mixing alphabets"),
        ];
    }

    /// <summary>Evidence only a live site has, with weights set here: the training data has none of it.</summary>
    public static IEnumerable<(Signal Signal, double Weight)> SiteSignals(SpamInput input)
    {
        if (input.Form is { } form)
        {
            yield return (new("honeypot", form.HoneypotFilled ? 1 : 0, "filled in the hidden field"), 8);
            var seconds = form.TimeToSubmit.TotalSeconds;
            yield return (new("tooFast", seconds < 3 ? 1 : 0, $"posted {seconds.ToString("0.#", CultureInfo.InvariantCulture)} s after the form was shown"), 2.5);
        }
        var h = input.History;
        yield return (new("sameTextElsewhere", h.SameTextOnOtherArticles ? 1 : 0, "the same text was posted on other articles"), 3);
        yield return (new("emailSpam", Math.Log(1 + h.EmailSpam), $"{h.EmailSpam} earlier comment(s) from this email were spam"), 1.5);
        yield return (new("emailApproved", Math.Log(1 + h.EmailApproved), "this email has approved comments"), -1.5);
        yield return (new("addressApproved", Math.Log(1 + h.AddressApproved), "others at this address have approved comments"), -0.5);
        yield return (new("websiteSpam", Math.Log(1 + h.WebsiteSpam), "the author's website appeared in spam before"), 1.5);
        yield return (new("websiteApproved", Math.Log(1 + h.WebsiteApproved), "the author's website appeared in approved comments"), -1);
    }

    /// <summary>
    /// The address's spam history, for <see cref="SpamModel"/> to weigh as corroboration only: carriers, offices and
    /// proxies put many readers behind one address, so what others sent from it says little about this reader.
    /// </summary>
    public static Signal AddressSpam(CommentHistory h) =>
        new("addressSpam", Math.Log(1 + h.AddressSpam), $"{h.AddressSpam} earlier comment(s) from this address (under other emails) were spam");

    /// <summary>"example.org" for "https://www.example.org/me": the key of a website's history.</summary>
    public static string? WebsiteDomain(string? website)
    {
        if (!Uri.TryCreate(website, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var host = uri.Host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    private static int LongestRun(string text)
    {
        var longest = 0;
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            run = i > 0 && text[i] == text[i - 1] && !char.IsWhiteSpace(text[i]) ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    private static bool MixedScriptWord(string text)
    {
        foreach (Match word in Word().Matches(text))
        {
            bool latin = false, other = false;
            foreach (var c in word.Value)
            {
                if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
                {
                    latin = true;
                }
                else if (c is >= '\u0370' and <= '\u03FF' or >= '\u0400' and <= '\u04FF')
                {
                    other = true;
                }
            }
            if (latin && other)
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(com|net|org|info|biz|ru|xyz|ly|co)\b\S*", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Urls();

    [GeneratedRegex(@"\[url[=\]]|<a\s[^>]*href", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex MarkupLinks();

    [GeneratedRegex(@"https?:|www\.|\.(com|net|org|ru|info)\b|\b(casino|viagra|cialis|loans?|seo|cheap|buy|discount|bitcoin|crypto|porn|dating)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex AdName();

    [GeneratedRegex(@"\w+", RegexOptions.NonBacktracking)]
    private static partial Regex Word();
}
