using FsCheck;
using FsCheck.Fluent;

namespace Broadsheet.Tests.Fuzzing;

/// <summary>
/// Random text that leans towards what breaks parsers and sanitisers: markup and Markdown fragments, script URLs,
/// quotes, control, bidi and combining characters, lone surrogates and noncharacters, mixed with ordinary words.
/// </summary>
public static class HostileInputGen
{
    /// <summary>Fixed, so a failure found in CI is found again on a laptop; change it to explore further.</summary>
    public const ulong Seed = 20261203;

    private static readonly string[] Fragments =
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "javascript:",
        "<svg onload=alert(1)>", "<iframe src=//evil.example>", "<style>*{}</style>", "<form action=//evil.example>",
        "<input name=password>", "<p style=\"position:fixed\">", "<a id=x class=y>", "<!--", "-->", "<![CDATA[", "]]>",
        "[x](javascript:alert(1))", "[x](http://example.org)", "![i](data:text/html;base64,PHNjcmlwdD4=)", "**", "__", "`", "```",
        "> ", "# ", "- ", "1. ", "|a|b|\n|-|-|\n", "[^1]", "[^1]: note", "<http://x>", "&amp;", "&#x3C;", "&lt;script&gt;",
        "\"", "'", "<", ">", "&", "\\", "\n", "\r\n", "\n\n", "\t", "\0", "\u0007", "\u200B", "\u202E", "\u2066", "\uFEFF",
        "\uFFFE", "\uFFFF", "\uD800", "\uDFFF", "e\u0301", "\u0000\u0000", "𝕏", "👩‍👩‍👧", "Lucía", "Zoë", "Ærøskøbing",
        "http://example.org/a?b=c&d=e", "www.example.org", "mailto:x@example.org", "ftp://example.org", "vbscript:x",
        "harbour", "council", "vote", " ", "  ", ".", "..", "/", "//", "%00", "%3Cscript%3E",
    ];

    public static Gen<string> Text(int maxPieces = 40) =>
        Gen.Sized(size => Gen.ListOf(Gen.OneOf(
            Gen.Elements(Fragments),
            Gen.Elements(Fragments),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())),
            Math.Min(maxPieces, size + 1)))
        .Select(pieces => string.Concat(pieces));

    public static Config Config(int tests) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(tests)
        .WithReplay(Microsoft.FSharp.Core.FSharpOption<Replay>.Some(new Replay(new Rnd(Seed), Microsoft.FSharp.Core.FSharpOption<int>.None)));

    public static void Check<T>(int tests, Gen<T> inputs, Action<T> property) =>
        Prop.ForAll(Arb.From(inputs), property).Check(Config(tests));
}
