using System.Diagnostics;
using Broadsheet.Spam;

namespace Broadsheet.SpamBench;

/// <param name="Weight">How many examples this one counts as in training (the news-site set is small and in-domain).</param>
public sealed record Example(string Text, string Author, bool Spam, string Source, string? Website = null, int Weight = 1);

public sealed record Scores(int TruePositives, int FalsePositives, int FalseNegatives, int Ham)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public double FalsePositiveRate => Ham == 0 ? 0 : (double)FalsePositives / Ham;
}

public sealed record CrossValidation(int TruePositives, int FalsePositives, int FalseNegatives, int Ham, IReadOnlyList<(string Source, Scores Scores)> BySource)
{
    private Scores All => new(TruePositives, FalsePositives, FalseNegatives, Ham);
    public double Precision => All.Precision;
    public double Recall => All.Recall;
    public double F1 => All.F1;
    public double FalsePositiveRate => All.FalsePositiveRate;
}

/// <summary>Naive Bayes on the words, then the combination weights fitted on cross-fitted (out-of-fold) text scores.</summary>
public static class Training
{
    private const int Seed = 20261127;

    /// <summary>The last cross-validation's figures at other thresholds, to show the trade-off.</summary>
    public static IReadOnlyList<(double Threshold, Scores Scores)> Sweep { get; private set; } = [];

    public static SpamModel Train(IReadOnlyList<Example> examples)
    {
        var features = examples.Select(e => TextFeatures.Extract(e.Text)).ToList();
        var all = Enumerable.Range(0, examples.Count).ToList();
        var (words, lexicon) = TrainWordModels(examples, features, all);
        return new SpamModel(words, lexicon, FitWeights(examples, features));
    }

    private static (NaiveBayes Words, HashedLogistic Lexicon) TrainWordModels(IReadOnlyList<Example> examples, List<int[]> features, List<int> rows)
    {
        var words = new NaiveBayes();
        var lexicon = new HashedLogistic();
        foreach (var i in rows)
        {
            words.Learn(features[i], examples[i].Spam, examples[i].Weight);
        }
        var random = new Random(Seed);
        for (var epoch = 0; epoch < 8; epoch++)
        {
            foreach (var i in rows.OrderBy(_ => random.Next()))
            {
                lexicon.Learn(features[i], examples[i].Spam, examples[i].Weight);
            }
        }
        return (words, lexicon);
    }

    public static CrossValidation CrossValidate(IReadOnlyList<Example> examples, int folds)
    {
        var fold = Folds(examples.Count, folds);
        var scores = new double[examples.Count];
        for (var k = 0; k < folds; k++)
        {
            var train = examples.Where((_, i) => fold[i] != k).ToList();
            var model = Train(train);
            for (var i = 0; i < examples.Count; i++)
            {
                if (fold[i] == k)
                {
                    scores[i] = model.Judge(Input(examples[i])).Score;
                }
            }
        }
        var predictions = scores.Select(s => s >= SpamModel.Threshold).ToArray();
        Sweep = [.. new[] { 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7 }.Select(t =>
        {
            var tp = examples.Where((e, i) => e.Spam && scores[i] >= t).Count();
            var fp = examples.Where((e, i) => !e.Spam && scores[i] >= t).Count();
            var fn = examples.Where((e, i) => e.Spam && scores[i] < t).Count();
            return (t, new Scores(tp, fp, fn, examples.Count(e => !e.Spam)));
        })];
        Scores Score(IEnumerable<int> indexes)
        {
            var list = indexes.ToList();
            return new Scores(
                list.Count(i => examples[i].Spam && predictions[i]), list.Count(i => !examples[i].Spam && predictions[i]),
                list.Count(i => examples[i].Spam && !predictions[i]), list.Count(i => !examples[i].Spam));
        }
        var all = Score(Enumerable.Range(0, examples.Count));
        var bySource = examples.Select((e, i) => (e.Source, i)).GroupBy(x => x.Source)
            .Select(g => (g.Key, Score(g.Select(x => x.i)))).ToList();
        return new CrossValidation(all.TruePositives, all.FalsePositives, all.FalseNegatives, all.Ham, bySource);
    }

    public static double VerdictsPerSecond(SpamModel model, IReadOnlyList<Example> examples)
    {
        var inputs = examples.Select(Input).ToList();
        foreach (var input in inputs.Take(200))
        {
            model.Judge(input);
        }
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            model.Judge(inputs[count++ % inputs.Count]);
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    public static SpamInput Input(Example e) => new(e.Text, e.Author, e.Website, null, CommentHistory.None);

    /// <summary>Logistic regression (L2, gradient descent) on [1, out-of-fold text score, text signals].</summary>
    private static double[] FitWeights(IReadOnlyList<Example> examples, List<int[]> features)
    {
        const int inner = 5;
        var fold = Folds(examples.Count, inner);
        var rows = new double[examples.Count][];
        for (var k = 0; k < inner; k++)
        {
            var (words, lexicon) = TrainWordModels(examples, features, [.. Enumerable.Range(0, examples.Count).Where(i => fold[i] != k)]);
            for (var i = 0; i < examples.Count; i++)
            {
                if (fold[i] == k)
                {
                    rows[i] = SpamModel.TextVector(words.LogOdds(features[i]), lexicon.Margin(features[i]),
                        SpamSignals.TextSignals(examples[i].Text, examples[i].Author));
                }
            }
        }
        var weights = new double[SpamModel.WeightCount];
        double total = examples.Sum(e => e.Weight);
        const double rate = 0.5, l2 = 1e-3;
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var gradient = new double[weights.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                var p = SpamModel.Sigmoid(rows[i].Zip(weights, (x, w) => x * w).Sum());
                var error = (p - (examples[i].Spam ? 1 : 0)) * examples[i].Weight;
                for (var j = 0; j < weights.Length; j++)
                {
                    gradient[j] += error * rows[i][j];
                }
            }
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] -= rate * (gradient[j] / total + (j == 0 ? 0 : l2 * weights[j]));
            }
        }
        return weights;
    }

    private static int[] Folds(int count, int folds)
    {
        var random = new Random(Seed);
        var order = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToList();
        var fold = new int[count];
        for (var n = 0; n < count; n++)
        {
            fold[order[n]] = n % folds;
        }
        return fold;
    }
}
