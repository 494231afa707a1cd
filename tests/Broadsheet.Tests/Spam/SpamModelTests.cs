using Broadsheet.Spam;

namespace Broadsheet.Tests.Spam;

public sealed class SpamModelTests
{
    private static readonly string[] Spam =
    [
        "Check out my channel and subscribe for free gift cards",
        "Win a free iPhone now, click the link to claim your prize",
        "Cheap watches and bags, best prices, visit my site today",
        "Earn money from home, free bitcoin, click here now",
    ];

    private static readonly string[] Ham =
    [
        "The council should publish the costs before the vote",
        "I sailed from that quay for years and the storms are worse now",
        "The minister's figures do not match last year's report",
        "Good reporting, thank you for explaining the timetable changes",
    ];

    private static SpamModel Trained()
    {
        double[] weights = [-0.5, 1.5, 1, 1, 1, 2, 1, 1, 2, 2];
        var model = new SpamModel(new NaiveBayes(), new HashedLogistic(), weights);
        foreach (var text in Spam)
        {
            model.Learn(TextFeatures.Extract(text), spam: true);
        }
        foreach (var text in Ham)
        {
            model.Learn(TextFeatures.Extract(text), spam: false);
        }
        return model;
    }

    private static SpamInput Input(string body, FormEvidence? form = null, CommentHistory? history = null) =>
        new(body, "Reader", null, form, history ?? CommentHistory.None);

    [Fact]
    public void Obvious_spam_is_caught_and_a_normal_comment_is_not()
    {
        var model = Trained();

        var spam = model.Judge(Input("Free gift cards, click the link on my channel now"));
        var ham = model.Judge(Input("The report explains the council's vote on the quay"));

        Assert.True(spam.IsSpam, $"score {spam.Score}");
        Assert.Contains("the words look like spam", spam.Reasons);
        Assert.False(ham.IsSpam, $"score {ham.Score}");
    }

    [Fact]
    public void A_marked_text_moves_its_score()
    {
        var model = Trained();
        var text = "Limited offer on garden furniture, order today";
        var before = model.Judge(Input(text)).Score;

        model.Learn(TextFeatures.Extract(text), spam: true);
        var after = model.Judge(Input(text)).Score;

        Assert.True(after > before, $"{before} → {after}");
    }

    [Fact]
    public void A_filled_honeypot_outweighs_innocent_words_and_spam_history_raises_the_score()
    {
        var model = Trained();
        var text = "Interesting article";

        var plain = model.Judge(Input(text));
        var bot = model.Judge(Input(text, new FormEvidence(HoneypotFilled: true, TimeSpan.FromSeconds(30))));
        var known = model.Judge(Input(text, history: new CommentHistory(EmailSpam: 6, 0, 0, 0, 0, 0, SameTextOnOtherArticles: true)));

        Assert.False(plain.IsSpam, $"plain {plain.Score}");
        Assert.True(bot.IsSpam, $"bot {bot.Score}");
        Assert.Contains("filled in the hidden field", bot.Reasons);
        Assert.True(known.Score > plain.Score + 0.1, $"{plain.Score} → {known.Score}");
        Assert.Contains("the same text was posted on other articles", known.Reasons);
        Assert.Contains("6 earlier comment(s) from this email were spam", known.Reasons);
    }

    [Fact]
    public void An_address_that_sent_spam_before_never_outweighs_a_clean_text_on_its_own()
    {
        var model = Trained();
        var text = "The minister's figures do not match the council's report";
        var sharedAddress = new CommentHistory(0, 0, AddressSpam: 50, 0, 0, 0, false);

        var alone = model.Judge(Input(text));
        var behindTheSharedAddress = model.Judge(Input(text, history: sharedAddress));

        Assert.False(alone.IsSpam, $"alone {alone.Score}");
        Assert.Equal(alone.Score, behindTheSharedAddress.Score, 9);
        Assert.DoesNotContain(behindTheSharedAddress.Reasons, r => r.Contains("address", StringComparison.Ordinal));
    }

    [Fact]
    public void An_address_that_sent_spam_before_adds_a_bounded_amount_to_a_text_the_filter_is_unsure_of_and_says_so()
    {
        // A model that has learned nothing and scores every plain text 0.4: unsure, below the hold score.
        var model = new SpamModel(new NaiveBayes(), new HashedLogistic(), [Math.Log(0.4 / 0.6), 1, 1, 0, 0, 0, 0, 0, 0, 0]);
        var text = "Interesting article";
        var before = model.Judge(Input(text));
        Assert.InRange(before.Score, SpamModel.AddressCorroboratesFrom, 0.99);

        var some = model.Judge(Input(text, history: new CommentHistory(0, 0, AddressSpam: 3, 0, 0, 0, false)));
        var many = model.Judge(Input(text, history: new CommentHistory(0, 0, AddressSpam: 5000, 0, 0, 0, false)));

        Assert.True(some.Score > before.Score, $"{before.Score} → {some.Score}");
        Assert.Contains("3 earlier comment(s) from this address (under other emails) were spam", some.Reasons);
        var mostOdds = Math.Exp(1.5) * before.Score / (1 - before.Score);
        Assert.True(many.Score <= mostOdds / (1 + mostOdds) + 1e-9, $"{before.Score} → {many.Score}");
    }

    [Fact]
    public void An_email_with_approved_comments_is_not_judged_by_what_others_sent_from_its_address()
    {
        var model = Trained();
        var text = "Free gift cards for readers of the council report";
        var trusted = new CommentHistory(0, EmailApproved: 4, AddressSpam: 40, 0, 0, 0, false);

        var verdict = model.Judge(Input(text, history: trusted));

        Assert.DoesNotContain(verdict.Reasons, r => r.Contains("address", StringComparison.Ordinal));
        Assert.True(verdict.Score < model.Judge(Input(text)).Score);
    }

    [Fact]
    public void A_written_model_reads_back_with_the_same_verdicts()
    {
        var model = Trained();
        using var stream = new MemoryStream();

        model.Write(stream);
        stream.Position = 0;
        var read = SpamModel.Read(stream);

        Assert.Equal(model.Weights, read.Weights);
        foreach (var text in Spam.Concat(Ham))
        {
            Assert.Equal(model.Judge(Input(text)).Score, read.Judge(Input(text)).Score, 12);
        }
    }

    [Fact]
    public void Features_are_stable_across_runs_and_bounded()
    {
        var first = TextFeatures.Extract("Same text, same features");
        var second = TextFeatures.Extract("Same text, same features");

        Assert.Equal(first.Order(), second.Order());
        Assert.All(first, f => Assert.InRange(f, 0, TextFeatures.Buckets - 1));
    }
}
