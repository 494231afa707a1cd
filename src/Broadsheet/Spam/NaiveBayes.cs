namespace Broadsheet.Spam;

/// <summary>
/// Binarised multinomial naive Bayes over hashed features: each feature counts once per text. Learning is adding
/// to counts, so a moderator's correction takes effect at once and costs microseconds.
/// </summary>
public sealed class NaiveBayes
{
    private const double Smoothing = 0.1;

    private readonly int[] _spam = new int[TextFeatures.Buckets];
    private readonly int[] _ham = new int[TextFeatures.Buckets];
    private long _spamTotal;
    private long _hamTotal;

    public int SpamDocuments { get; private set; }
    public int HamDocuments { get; private set; }

    public void Learn(int[] features, bool spam, int weight = 1)
    {
        var counts = spam ? _spam : _ham;
        foreach (var f in features)
        {
            counts[f] += weight;
        }
        if (spam)
        {
            _spamTotal += (long)features.Length * weight;
            SpamDocuments += weight;
        }
        else
        {
            _hamTotal += (long)features.Length * weight;
            HamDocuments += weight;
        }
    }

    /// <summary>log P(spam | text) − log P(ham | text), without the prior: positive leans spam.</summary>
    public double LogOdds(int[] features)
    {
        var spamDenominator = Math.Log(_spamTotal + Smoothing * TextFeatures.Buckets);
        var hamDenominator = Math.Log(_hamTotal + Smoothing * TextFeatures.Buckets);
        var sum = 0.0;
        foreach (var f in features)
        {
            sum += Math.Log(_spam[f] + Smoothing) - spamDenominator - (Math.Log(_ham[f] + Smoothing) - hamDenominator);
        }
        // Long texts would otherwise be as certain as their length: damp the sum by the log of the length.
        return features.Length == 0 ? 0 : sum / Math.Log(2 + features.Length);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(SpamDocuments);
        writer.Write(HamDocuments);
        var nonZero = Enumerable.Range(0, TextFeatures.Buckets).Where(i => _spam[i] != 0 || _ham[i] != 0).ToList();
        writer.Write(nonZero.Count);
        foreach (var i in nonZero)
        {
            writer.Write(i);
            writer.Write(_spam[i]);
            writer.Write(_ham[i]);
        }
    }

    public static NaiveBayes Read(BinaryReader reader)
    {
        var model = new NaiveBayes { SpamDocuments = reader.ReadInt32(), HamDocuments = reader.ReadInt32() };
        var count = reader.ReadInt32();
        for (var n = 0; n < count; n++)
        {
            var i = reader.ReadInt32();
            model._spam[i] = reader.ReadInt32();
            model._ham[i] = reader.ReadInt32();
            model._spamTotal += model._spam[i];
            model._hamTotal += model._ham[i];
        }
        return model;
    }
}
