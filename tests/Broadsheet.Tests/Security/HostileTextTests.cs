using System.Reflection;
using System.Text.RegularExpressions;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Spam;

namespace Broadsheet.Tests.Security;

/// <summary>
/// Text crafted to make regular expressions backtrack (runs of one character, unclosed tags, long blank runs) is
/// read in linear time: every regular expression in Broadsheet runs on .NET's non-backtracking engine.
/// </summary>
public sealed class HostileTextTests
{
    public static TheoryData<string, string> CraftedTexts => new()
    {
        { "a run of letters", new string('a', 200_000) },
        { "unclosed anchor tags", string.Concat(Enumerable.Repeat("<a ", 60_000)) },
        { "a domain-like run", string.Concat(Enumerable.Repeat("a-", 90_000)) + ".co" },
        { "blank lines of spaces", "\n" + new string(' ', 150_000) + "x" },
        { "bbcode without end", string.Concat(Enumerable.Repeat("[url", 40_000)) },
    };

    [Fact]
    public void Every_regular_expression_in_broadsheet_is_non_backtracking()
    {
        var expressions = typeof(SpamSignals).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null)
            .ToList();

        Assert.NotEmpty(expressions);
        Assert.All(expressions, m => Assert.True(
            m.GetCustomAttribute<GeneratedRegexAttribute>()!.Options.HasFlag(RegexOptions.NonBacktracking),
            $"{m.DeclaringType!.Name}.{m.Name} can backtrack"));
    }

    [Theory]
    [MemberData(nameof(CraftedTexts))]
    public void Crafted_text_goes_through_the_spam_signals_the_rules_and_the_comment_renderer(string what, string text)
    {
        var signals = SpamSignals.TextSignals(text, text[..200]);
        var verdict = CommentRules.Judge(new CommentFacts("Name", "a@example.org", null, text, null, null, false, false), new CommentsOptions());
        var html = CommentText.ToHtml(CleanText.Block(text));

        Assert.Equal(SpamSignals.TextSignalNames.Length, signals.Length);
        Assert.NotNull(verdict);
        Assert.False(string.IsNullOrEmpty(html), what);
    }
}
