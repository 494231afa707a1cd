namespace Broadsheet.Spam;

/// <summary>
/// Logistic regression over the same hashed features, trained by stochastic gradient descent. It weighs features
/// against each other (naive Bayes counts them apart), and it learns online too: one correction is a few steps.
/// </summary>
public sealed class HashedLogistic
{
    private const double Rate = 0.4;
    private const double L2 = 1e-6;

    private readonly float[] _weights = new float[TextFeatures.Buckets];
    private double _bias;

    public double Margin(int[] features)
    {
        var scale = 1 / Math.Sqrt(Math.Max(1, features.Length));
        var sum = _bias;
        foreach (var f in features)
        {
            sum += _weights[f] * scale;
        }
        return sum;
    }

    /// <summary>One step of gradient descent on one labelled text.</summary>
    public void Learn(int[] features, bool spam, double weight = 1)
    {
        var error = (spam ? 1 : 0) - SpamModel.Sigmoid(Margin(features));
        var scale = 1 / Math.Sqrt(Math.Max(1, features.Length));
        var step = Rate * error * weight;
        foreach (var f in features)
        {
            _weights[f] += (float)(step * scale - Rate * L2 * _weights[f]);
        }
        _bias += step * 0.1;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_bias);
        var nonZero = Enumerable.Range(0, TextFeatures.Buckets).Where(i => _weights[i] != 0).ToList();
        writer.Write(nonZero.Count);
        foreach (var i in nonZero)
        {
            writer.Write(i);
            writer.Write(_weights[i]);
        }
    }

    public static HashedLogistic Read(BinaryReader reader)
    {
        var model = new HashedLogistic { _bias = reader.ReadDouble() };
        var count = reader.ReadInt32();
        for (var n = 0; n < count; n++)
        {
            model._weights[reader.ReadInt32()] = reader.ReadSingle();
        }
        return model;
    }
}
