using System.Globalization;
using Broadsheet.Spam;
using CsvHelper;

namespace Broadsheet.Tests.Spam;

/// <summary>
/// The shipped model on the project's own news-site comments (news-comments.md): a reader quoting a source, arguing
/// or writing in Polish is not held, and news-site spam still is. The honest, held-out figures for this set are
/// bench/spam's cross-validation (bench/RESULTS.md); this guards the model as shipped.
/// </summary>
public sealed class NewsCommentsTests
{
    private sealed record Row(string Author, string Url, string Content, string Label);

    private static List<Row> Rows()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "Spam", "news-comments.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return [.. csv.GetRecords<dynamic>().Select(r => new Row((string)r.author, (string)r.url, (string)r.content, (string)r.label))];
    }

    private static async Task<SpamModel> ShippedModelAsync()
    {
        await using var stream = typeof(SpamFilter).Assembly.GetManifestResourceStream("Broadsheet.Spam.base-model.bin")!;
        return SpamModel.Read(stream);
    }

    private static SpamVerdict Judge(SpamModel model, Row row) =>
        model.Judge(new SpamInput(row.Content, row.Author, row.Url.Length == 0 ? null : row.Url, null, CommentHistory.None));

    [Fact]
    public async Task At_most_one_percent_of_ordinary_news_comments_are_held()
    {
        var model = await ShippedModelAsync();
        var ham = Rows().Where(r => r.Label == "ham").ToList();

        var held = ham.Select(r => (Row: r, Verdict: Judge(model, r))).Where(j => j.Verdict.IsSpam).ToList();

        Assert.Equal(400, ham.Count);
        Assert.True(held.Count <= ham.Count / 100,
            $"{held.Count} of {ham.Count} held:\n" + string.Join("\n", held.Select(h => $"{h.Verdict.Score:0.00} {h.Row.Content}")));
    }

    [Fact]
    public async Task News_site_spam_is_still_caught()
    {
        var model = await ShippedModelAsync();
        var spam = Rows().Where(r => r.Label == "spam").ToList();

        var missed = spam.Select(r => (Row: r, Verdict: Judge(model, r))).Where(j => !j.Verdict.IsSpam).ToList();

        Assert.Equal(150, spam.Count);
        Assert.True(missed.Count <= spam.Count / 10,
            $"{missed.Count} of {spam.Count} missed:\n" + string.Join("\n", missed.Select(m => $"{m.Verdict.Score:0.00} {m.Row.Content}")));
    }

    [Fact]
    public async Task The_comment_that_was_held_before_is_not()
    {
        var model = await ShippedModelAsync();

        var verdict = model.Judge(new SpamInput("First comment from a new reader: the CSTO idea deserves scrutiny.", "Reader", null, null, CommentHistory.None));

        Assert.False(verdict.IsSpam, $"score {verdict.Score}");
    }
}
