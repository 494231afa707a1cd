using Broadsheet.Spam;

namespace Broadsheet.Tests.Spam;

public sealed class SpamSignalsTests
{
    private static double Value(string signal, string body, string name = "Ada Byrne") =>
        SpamSignals.TextSignals(body, name).Single(s => s.Name == signal).Value;

    [Fact]
    public void A_plain_comment_raises_no_text_signal() =>
        Assert.All(SpamSignals.TextSignals("The council should publish the costs before the vote, not after it.", "Ada Byrne"),
            s => Assert.Equal(0, s.Value));

    [Fact]
    public void Links_and_their_share_of_the_text_are_measured()
    {
        Assert.Equal(Math.Log(3), Value("links", "see https://a.example and www.b.example for more"));
        Assert.True(Value("linkShare", "https://cheap-pills.example/buy-now-today") > 0.9);
        Assert.True(Value("linkShare", "A long thoughtful paragraph about the harbour with one link https://x.example") < 0.3);
    }

    [Theory]
    [InlineData("http://seo-agency.example")]
    [InlineData("Cheap Loans Today")]
    [InlineData("www.casino-bonus.ru")]
    public void An_author_name_that_is_an_advertisement_is_a_signal(string name) => Assert.Equal(1, Value("nameLooksLikeAd", "Nice post", name));

    [Fact]
    public void Bbcode_and_html_link_stuffing_is_counted()
    {
        Assert.True(Value("markupLinks", "[url=http://a.example]a[/url] [url]http://b.example[/url] <a href=\"http://c.example\">c</a>") >= Math.Log(1 + 3));
        Assert.Equal(0, Value("markupLinks", "Plain words about a [citation needed] moment"));
    }

    [Fact]
    public void Repeated_characters_shouting_and_mixed_scripts_are_signals()
    {
        Assert.True(Value("repeatedCharacters", "Soooooooo goooood!!!!!!!") > 0);
        Assert.True(Value("shouting", "FREE MONEY FOR EVERYONE WHO CLICKS THIS LINK TODAY") > 0.9);
        Assert.Equal(0, Value("shouting", "NATO and the EU met in Brussels to discuss the budget."));
        Assert.Equal(1, Value("mixedScripts", "Best pric\u0435s on w\u0430tches"));
    }

    [Fact]
    public void Form_evidence_counts_only_when_there_is_a_form()
    {
        var api = SpamSignals.SiteSignals(new SpamInput("Hello", "Ada", null, null, CommentHistory.None)).Select(s => s.Signal.Name).ToList();
        var bot = SpamSignals.SiteSignals(new SpamInput("Hello", "Ada", null, new FormEvidence(true, TimeSpan.FromSeconds(0.4)), CommentHistory.None))
            .ToDictionary(s => s.Signal.Name, s => s.Signal.Value);
        var person = SpamSignals.SiteSignals(new SpamInput("Hello", "Ada", null, new FormEvidence(false, TimeSpan.FromMinutes(2)), CommentHistory.None))
            .ToDictionary(s => s.Signal.Name, s => s.Signal.Value);

        Assert.DoesNotContain("honeypot", api);
        Assert.DoesNotContain("tooFast", api);
        Assert.Equal((1, 1), (bot["honeypot"], bot["tooFast"]));
        Assert.Equal((0, 0), (person["honeypot"], person["tooFast"]));
    }

    [Fact]
    public void A_website_is_known_by_its_domain() =>
        Assert.Equal("example.org", SpamSignals.WebsiteDomain("https://www.Example.org/about"));
}
