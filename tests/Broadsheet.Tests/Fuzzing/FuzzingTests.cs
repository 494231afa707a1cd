using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Tests.Infrastructure;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Fuzzing;

/// <summary>
/// Seeded random input (FsCheck, <see cref="HostileInputGen.Seed"/>) through the Markdown pipeline, comment
/// validation and rendering, the form stamp, the paging cursors and the feed writers: no exception escapes, and
/// what comes out stays sanitised.
/// </summary>
public sealed class FuzzingTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static readonly HtmlParser Parser = new();

    private static void AssertInert(string html, string input)
    {
        foreach (var element in Parser.ParseDocument(html).Body!.QuerySelectorAll("*"))
        {
            Assert.False(element.LocalName is "script" or "iframe" or "object" or "embed" or "svg" or "math" or "style" or "form" or "input"
                or "textarea" or "button" or "base" or "meta" or "link", $"{element.LocalName} from {input}");
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || attribute.Name is "style", $"{attribute.Name} from {input}");
                if (attribute.Name is "href" or "src")
                {
                    var url = new string([.. attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]).ToLowerInvariant();
                    Assert.False(url.StartsWith("javascript:", StringComparison.Ordinal) || url.StartsWith("vbscript:", StringComparison.Ordinal)
                        || url.StartsWith("data:", StringComparison.Ordinal), $"{attribute.Name}={attribute.Value} from {input}");
                }
            }
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public void Markdown_renders_without_an_exception_and_never_keeps_script_styles_or_forms()
    {
        var renderer = new MarkdownRenderer();

        HostileInputGen.Check(600, HostileInputGen.Text(), markdown => AssertInert(renderer.Render(markdown).Html, markdown));
    }

    [Fact]
    public void Comment_text_is_cleaned_validated_judged_and_rendered_without_an_exception_and_stays_text()
    {
        var options = new CommentsOptions { ModerationWords = ["vote"], DisallowedWords = ["casino"] };
        var fields = HostileInputGen.Text().SelectMany(c => HostileInputGen.Text(8).SelectMany(n => HostileInputGen.Text(6)
            .SelectMany(e => HostileInputGen.Text(6).Select(w => (Item1: c, Item2: n, Item3: e, Item4: w)))));

        HostileInputGen.Check(600, fields, f =>
        {
            var (comment, name, email, website) = (CleanText.Block(f.Item1), CleanText.Line(f.Item2), CleanText.Line(f.Item3), CleanText.Line(f.Item4));
            Assert.True(comment.IsNormalized(System.Text.NormalizationForm.FormC));
            Assert.DoesNotContain(comment, c => c is '\u202E' or '\u2066' or '\0' or '\uFFFE');
            Assert.True(comment.EnumerateRunes().All(r => r.Value != 0xFFFD || f.Item1.Contains('\uFFFD', StringComparison.Ordinal))
                && !HasLoneSurrogate(comment), comment);
            Validation.Errors(new CommentForm { Comment = comment, Name = name, Email = email, Website = website });
            CommentRules.Judge(new CommentFacts(name, email, website, comment, "192.0.2.1", "Mozilla/5.0", false, false), options);
            var html = CommentText.ToHtml(comment);
            AssertInert(html, comment);
            Assert.DoesNotContain(Parser.ParseDocument(html).Body!.QuerySelectorAll("*"), e => e.LocalName is not ("p" or "br" or "a"));
        });
    }

    [Fact]
    public void A_forged_or_mangled_form_stamp_is_refused_and_never_throws()
    {
        var stamps = app.Services.GetRequiredService<FormStamp>();
        var real = stamps.Issue(42);
        var mangled = Gen.OneOf(
            HostileInputGen.Text(6),
            Gen.Choose(0, real.Length - 1).SelectMany(i => Gen.Choose(32, 126).Select(c => real[..i] + (char)c + real[(i + 1)..])),
            Gen.Choose(0, real.Length).Select(n => real[..n]));

        HostileInputGen.Check(600, mangled, stamp =>
        {
            var evidence = stamps.Evidence(42, stamp, null);
            Assert.True(evidence is null || stamp == real, stamp);
        });
        Assert.NotNull(stamps.Evidence(42, real, null));
        Assert.Null(stamps.Evidence(43, real, null));
    }

    [Fact]
    public void A_forged_cursor_is_refused_or_starts_over_and_never_throws()
    {
        var cursors = Gen.OneOf(
            HostileInputGen.Text(6),
            ArbMap.Default.GeneratorFor<long>().SelectMany(key => ArbMap.Default.GeneratorFor<int>().Select(id => new KeysetCursor(key, id).Encode())),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => Convert.ToBase64String(b ?? [])));

        HostileInputGen.Check(800, cursors, text =>
        {
            if (KeysetCursor.TryDecode(text, out var cursor))
            {
                Assert.True(KeysetCursor.TryDecode(cursor.Encode(), out var again) && again == cursor, text);
            }
        });
    }

    [Fact]
    public async Task Feeds_carry_hostile_titles_and_bodies_as_well_formed_xml()
    {
        var section = await app.CreateSectionAsync();
        var editor = app.Editor();
        var samples = HostileInputGen.Text(12).Sample(40, 25);
        foreach (var text in samples)
        {
            var response = await editor.PostAsJsonAsync("/api/v1/articles", new
            {
                title = (text.Length > 200 ? text[..200] : text) + " " + Guid.NewGuid().ToString("N")[..6],
                body = text.Length == 0 ? "(empty)" : text,
                dek = text.Length > 200 ? text[..200] : text,
                section = section.Str("slug"),
                status = "published",
            });
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {text}");
        }

        foreach (var feed in new[] { "/feed/", "/feed/atom/", $"{BroadsheetApp.PathOf(section)}feed/" })
        {
            var response = await app.Anonymous().GetAsync(feed);
            var xml = await response.Content.ReadAsStringAsync();
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var document = System.Xml.Linq.XDocument.Parse(xml);
            Assert.NotNull(document.Root);
        }
    }
}
