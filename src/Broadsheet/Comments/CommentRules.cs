using System.Text.RegularExpressions;

namespace Broadsheet.Comments;

/// <summary>What the moderation rules look at: the comment as posted, and what the database says about its author.</summary>
public sealed record CommentFacts(
    string Name, string Email, string? Website, string Body, string? Ip, string? UserAgent,
    bool AuthorHasApprovedComment, bool ArticlePreModerated);

public sealed record CommentVerdict(CommentStatus Status, IReadOnlyList<string> Reasons);

/// <summary>
/// WordPress's moderation rules, each a setting: disallowed words → spam; moderation words, too many links, a
/// first-time commenter or a pre-moderated article → held. Every hold says why.
/// </summary>
public static partial class CommentRules
{
    public static CommentVerdict Judge(CommentFacts facts, CommentsOptions options)
    {
        string[] fields = [facts.Name, facts.Email, facts.Website ?? "", facts.Body, facts.Ip ?? "", facts.UserAgent ?? ""];
        if (FirstMatch(options.DisallowedWords, fields) is { } disallowed)
        {
            return new CommentVerdict(CommentStatus.Spam, [$"matched disallowed word \"{disallowed}\""]);
        }
        var reasons = new List<string>();
        if (facts.ArticlePreModerated)
        {
            reasons.Add("comments on this article are pre-moderated");
        }
        if (FirstMatch(options.ModerationWords, fields) is { } word)
        {
            reasons.Add($"matched moderation word \"{word}\"");
        }
        var links = CountLinks(facts.Body);
        if (options.MaxLinks > 0 && links >= options.MaxLinks)
        {
            reasons.Add(links == 1 ? "1 link" : $"{links} links");
        }
        if (options.HoldFirstTimeCommenters && !facts.AuthorHasApprovedComment)
        {
            reasons.Add("first comment from this commenter");
        }
        return new CommentVerdict(reasons.Count > 0 ? CommentStatus.Pending : CommentStatus.Approved, reasons);
    }

    /// <summary>Web addresses and HTML links in the text.</summary>
    public static int CountLinks(string text) => Links().Count(text);

    private static string? FirstMatch(IEnumerable<string> words, string[] fields) =>
        words.Select(w => w.Trim()).Where(w => w.Length > 0)
            .FirstOrDefault(w => fields.Any(f => f.Contains(w, StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex(@"https?://|www\.|<a\s[^>]*href", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Links();
}
