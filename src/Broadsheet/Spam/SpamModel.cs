using System.IO.Compression;

namespace Broadsheet.Spam;

public sealed record SpamVerdict(bool IsSpam, double Score, IReadOnlyList<string> Reasons);

/// <summary>
/// The built-in filter's model: naive Bayes over the words, and a logistic combination of its score with the
/// other signals. The combination's weights for text signals are fitted by bench/spam (cross-validated on the
/// training data); the site-only signals carry the weights <see cref="SpamSignals.SiteSignals"/> gives them.
/// </summary>
public sealed class SpamModel(NaiveBayes words, HashedLogistic lexicon, double[] weights)
{
    public const double Threshold = 0.5;
    private const string Magic = "broadsheet-spam-model/2";

    public NaiveBayes Words { get; } = words;

    public HashedLogistic Lexicon { get; } = lexicon;

    /// <summary>[bias, naive Bayes, logistic, then one per <see cref="SpamSignals.TextSignalNames"/>].</summary>
    public double[] Weights { get; } = weights;

    public static int WeightCount => 3 + SpamSignals.TextSignalNames.Length;

    /// <summary>A moderator's verdict on a text, learned at once by both word models.</summary>
    public void Learn(int[] features, bool spam)
    {
        Words.Learn(features, spam);
        for (var step = 0; step < 3; step++)
        {
            Lexicon.Learn(features, spam);
        }
    }

    public SpamVerdict Judge(SpamInput input) => Judge(input, TextFeatures.Extract(input.Body));

    public SpamVerdict Judge(SpamInput input, int[] features)
    {
        var signals = SpamSignals.TextSignals(input.Body, input.Name);
        var words = Weights[1] * Words.LogOdds(features) + Weights[2] * Lexicon.Margin(features);
        var contributions = new List<(double Amount, string Reason)> { (words, "the words look like spam") };
        for (var i = 0; i < signals.Length; i++)
        {
            contributions.Add((Weights[3 + i] * signals[i].Value, signals[i].Reason));
        }
        foreach (var (signal, weight) in SpamSignals.SiteSignals(input))
        {
            contributions.Add((weight * signal.Value, signal.Reason));
        }
        var score = Sigmoid(Weights[0] + contributions.Sum(c => c.Amount));
        if (AddressCorroborates(input.History, score))
        {
            var address = SpamSignals.AddressSpam(input.History);
            contributions.Add((Math.Min(AddressWeight * address.Value, AddressMostLogit), address.Reason));
            score = Sigmoid(Weights[0] + contributions.Sum(c => c.Amount));
        }
        var reasons = contributions.Where(c => c.Amount >= 0.5).OrderByDescending(c => c.Amount).Select(c => c.Reason).ToList();
        return new SpamVerdict(score >= Threshold, score, reasons);
    }

    private const double AddressWeight = 0.75;
    private const double AddressMostLogit = 1.5;

    /// <summary>From this score without it, the address's history may add to the evidence.</summary>
    public const double AddressCorroboratesFrom = 0.25;

    /// <summary>
    /// An address's spam history never speaks alone: it counts only when the rest of the evidence already leans
    /// towards spam, never against an email with a clean, approved history, and then only by a bounded amount.
    /// </summary>
    private static bool AddressCorroborates(CommentHistory h, double scoreWithoutIt) =>
        h.AddressSpam > 0 && scoreWithoutIt >= AddressCorroboratesFrom && !(h.EmailApproved > 0 && h.EmailSpam == 0);

    /// <summary>The model's inputs for text signals, as the weight fitting sees them.</summary>
    public static double[] TextVector(double bayes, double logistic, Signal[] signals) => [1, bayes, logistic, .. signals.Select(s => s.Value)];

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public void Write(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(Weights.Length);
        foreach (var w in Weights)
        {
            writer.Write(w);
        }
        Words.Write(writer);
        Lexicon.Write(writer);
    }

    public static SpamModel Read(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException("Not a Broadsheet spam model.");
        }
        var weights = new double[reader.ReadInt32()];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = reader.ReadDouble();
        }
        return new SpamModel(NaiveBayes.Read(reader), HashedLogistic.Read(reader), weights);
    }
}
