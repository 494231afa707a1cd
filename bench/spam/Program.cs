using System.Diagnostics;
using System.Globalization;
using Broadsheet.Spam;
using Broadsheet.SpamBench;
using CsvHelper;

// bench/spam: "train DATA_DIR MODEL_FILE [CSV…]" writes the base model; "evaluate DATA_DIR [FOLDS [CSV…]]"
// cross-validates; "check MODEL_FILE CSV" says how a trained model does on a set it is given; "judge MODEL_FILE TEXT…"
// shows what a model says of some texts. Each CSV… (the project's own news-site set) is read beside DATA_DIR's files.
if (args is ["judge", var modelFile, .. var texts])
{
    await using var stream = File.OpenRead(modelFile);
    var model = SpamModel.Read(stream);
    foreach (var text in texts)
    {
        var verdict = model.Judge(new SpamInput(text, "Reader", null, null, CommentHistory.None));
        Console.WriteLine($"{verdict.Score:0.000} {(verdict.IsSpam ? "spam" : "ham ")} {text} [{string.Join("; ", verdict.Reasons)}]");
    }
    return 0;
}
if (args is ["check", var checkedModel, var set])
{
    await using var stream = File.OpenRead(checkedModel);
    var model = SpamModel.Read(stream);
    var rows = Read(set).ToList();
    var judged = rows.Select(e => (e, Verdict: model.Judge(Training.Input(e)))).ToList();
    var heldHam = judged.Where(j => !j.e.Spam && j.Verdict.IsSpam).ToList();
    var caught = judged.Count(j => j.e.Spam && j.Verdict.IsSpam);
    Console.WriteLine($"{Path.GetFileName(set)}: ham held {heldHam.Count} of {rows.Count(e => !e.Spam)}; spam caught {caught} of {rows.Count(e => e.Spam)}");
    foreach (var (e, verdict) in heldHam)
    {
        Console.WriteLine($"  held ham {verdict.Score:0.000}: {e.Text.ReplaceLineEndings(" ")} [{string.Join("; ", verdict.Reasons)}]");
    }
    foreach (var (e, verdict) in judged.Where(j => j.e.Spam && !j.Verdict.IsSpam))
    {
        Console.WriteLine($"  missed spam {verdict.Score:0.000}: {e.Text.ReplaceLineEndings(" ")}");
    }
    return 0;
}
if (args is not [("train" or "evaluate") and var verb, var dataDirectory, ..])
{
    Console.Error.WriteLine("usage: train DATA_DIR MODEL_FILE [CSV…] | evaluate DATA_DIR [FOLDS [CSV…]] | check MODEL_FILE CSV");
    return 2;
}
var extraSets = args.Skip(3).ToList();
// The project's own news-site set is small beside the public sets and is what the site will meet: it counts more.
var newsWeight = int.Parse(Environment.GetEnvironmentVariable("SPAM_NEWS_WEIGHT") ?? "6", CultureInfo.InvariantCulture);
var examples = Directory.GetFiles(dataDirectory, "*.csv").Order(StringComparer.Ordinal).SelectMany(Read)
    .Concat(extraSets.SelectMany(Read).Select(e => e with { Weight = newsWeight })).ToList();
Console.WriteLine($"{examples.Count} examples ({examples.Count(e => e.Spam)} spam, {examples.Count(e => !e.Spam)} ham) from {dataDirectory}");

if (verb == "train")
{
    var model = Training.Train(examples);
    await using var file = File.Create(args[2]);
    model.Write(file);
    Console.WriteLine($"weights: {string.Join(", ", model.Weights.Select(w => w.ToString("0.###", CultureInfo.InvariantCulture)))}");
    Console.WriteLine($"wrote {args[2]} ({file.Length / 1024} KiB)");
    return 0;
}

var folds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var result = Training.CrossValidate(examples, folds);
var verdictsPerSecond = Training.VerdictsPerSecond(Training.Train(examples), examples);
Console.WriteLine($"folds: {folds}");
Console.WriteLine($"precision: {result.Precision:0.0000}");
Console.WriteLine($"recall: {result.Recall:0.0000}");
Console.WriteLine($"f1: {result.F1:0.0000}");
Console.WriteLine($"false positive rate on ham: {result.FalsePositiveRate:0.0000} ({result.FalsePositives} of {result.Ham})");
Console.WriteLine($"verdicts per second (one core): {verdictsPerSecond:0}");
Console.WriteLine("by threshold (the product holds from 0.5):");
foreach (var (threshold, r) in Training.Sweep)
{
    Console.WriteLine($"  {threshold:0.00}: precision {r.Precision:0.0000}, recall {r.Recall:0.0000}, f1 {r.F1:0.0000}, fpr {r.FalsePositiveRate:0.0000}");
}
Console.WriteLine("by source:");
foreach (var (source, r) in result.BySource)
{
    Console.WriteLine($"  {source}: precision {r.Precision:0.0000}, recall {r.Recall:0.0000}, f1 {r.F1:0.0000}, fpr {r.FalsePositiveRate:0.0000}");
}
return 0;

static IEnumerable<Example> Read(string path)
{
    using var reader = new StreamReader(path);
    using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
    foreach (var row in csv.GetRecords<Row>().ToList())
    {
        yield return new Example(row.Content ?? "", row.Author ?? "", row.Label == "spam", Path.GetFileNameWithoutExtension(path),
            string.IsNullOrEmpty(row.Url) ? null : row.Url);
    }
}

#pragma warning disable CA1812 // Instantiated by CsvHelper.
internal sealed class Row
#pragma warning restore CA1812
{
    [CsvHelper.Configuration.Attributes.Name("author")] public string? Author { get; set; }
    [CsvHelper.Configuration.Attributes.Name("content")] public string? Content { get; set; }
    [CsvHelper.Configuration.Attributes.Name("label")] public string? Label { get; set; }
    [CsvHelper.Configuration.Attributes.Name("url"), CsvHelper.Configuration.Attributes.Optional] public string? Url { get; set; }
}
