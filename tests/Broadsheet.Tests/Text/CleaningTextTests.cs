using Broadsheet.Infrastructure.Text;

namespace Broadsheet.Tests.Text;

public sealed class CleaningTextTests
{
    [Theory]
    [InlineData("Plain title", "Plain title")]
    [InlineData("  padded\t title \n", "padded  title")]
    [InlineData("bell\u0007 and null\u0000", "bell and null")]
    [InlineData("non\uFFFEchar\uFDD0s", "nonchars")]
    [InlineData("emoji 📰 stays", "emoji 📰 stays")]
    public void A_line_keeps_only_printable_text(string input, string expected) => Assert.Equal(expected, CleanText.Line(input));

    [Fact]
    public void A_lone_surrogate_is_dropped_and_a_pair_kept() =>
        Assert.Equal("lone surrogate 📰", CleanText.Line("lone " + '\uD800' + "surrogate " + '\uDC00' + "📰"));

    [Fact]
    public void A_block_keeps_its_line_breaks_and_tabs() =>
        Assert.Equal("one\r\n\ttwo\nthree", CleanText.Block("one\r\n\ttwo\u0001\nthree\uFFFF"));

    [Theory]
    [InlineData("Grain Convoy Reaches the Port!", "grain-convoy-reaches-the-port")]
    [InlineData("Zürich: Café façade", "zurich-cafe-facade")]
    [InlineData("\uFFFE", "")]
    [InlineData("---", "")]
    public void Slugs_are_lowercase_ascii_words_joined_by_hyphens(string text, string slug) => Assert.Equal(slug, Slug.From(text));

    [Fact]
    public void Text_is_normalised_to_nfc_so_one_word_typed_two_ways_is_one_text() =>
        Assert.Equal("Caf\u00e9 cr\u00e8me", CleanText.Line("Cafe\u0301 cre\u0300me"));

    [Theory]
    [InlineData("Ada \u202Egnp.exe", "Ada gnp.exe")]
    [InlineData("\u2067evil\u2069 name", "evil name")]
    [InlineData("\u05E9\u05DC\u05D5\u05DD \u200Fworld", "\u05E9\u05DC\u05D5\u05DD \u200Fworld")]
    public void Bidi_overrides_and_isolates_go_and_right_to_left_text_and_marks_stay(string input, string expected) =>
        Assert.Equal(expected, CleanText.Line(input));
}
