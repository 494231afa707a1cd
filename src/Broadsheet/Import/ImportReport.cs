using System.Globalization;
using System.Text;

namespace Broadsheet.Import;

/// <summary>What an import did, per kind of thing, with the reasons for what it skipped or could not import.</summary>
public sealed class ImportReport
{
    public const int MaxNotes = 500;

    public sealed class Counts
    {
        public int Imported { get; set; }
        public int Updated { get; set; }
        public int Skipped { get; set; }
        public int Failed { get; set; }
    }

    /// <summary>In the order the report prints them.</summary>
    public static readonly string[] KindOrder = ["author", "category", "tag", "post", "page", "attachment", "comment"];

    public Dictionary<string, Counts> Kinds { get; } = KindOrder.ToDictionary(k => k, _ => new Counts());

    /// <summary>"line 120: post 45 skipped: it is in the trash", at most <see cref="MaxNotes"/>.</summary>
    public List<string> Notes { get; } = [];

    public int NotesLeftOut { get; private set; }

    /// <summary>Shortcodes left as text because nothing here knows them, with how many posts use each.</summary>
    public SortedDictionary<string, int> UnknownShortcodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the import stopped early (a malformed or truncated file), naming the line; null when it read to the end.</summary>
    public string? Failure { get; set; }

    public TimeSpan Took { get; set; }

    /// <summary>Attachments whose files were brought into the media library.</summary>
    public int Pictures { get; set; }

    public Counts Of(string kind) => Kinds[kind];

    public void Note(int line, string text)
    {
        if (Notes.Count < MaxNotes)
        {
            Notes.Add(line > 0 ? $"line {line}: {text}" : text);
        }
        else
        {
            NotesLeftOut++;
        }
    }

    public void Skip(string kind, int line, string text)
    {
        Of(kind).Skipped++;
        Note(line, text);
    }

    public void Fail(string kind, int line, string text)
    {
        Of(kind).Failed++;
        Note(line, text);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-12}{"imported",10}{"updated",10}{"skipped",10}{"failed",10}");
        foreach (var kind in KindOrder)
        {
            var c = Kinds[kind];
            text.AppendLine(CultureInfo.InvariantCulture, $"{(kind == "category" ? "categories" : kind + "s"),-12}{c.Imported,10:N0}{c.Updated,10:N0}{c.Skipped,10:N0}{c.Failed,10:N0}");
        }
        if (Pictures > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Pictures brought into the media library: {Pictures:N0}.");
        }
        if (UnknownShortcodes.Count > 0)
        {
            text.AppendLine("Shortcodes left as text (nothing here knows them): "
                + string.Join(", ", UnknownShortcodes.Select(s => string.Create(CultureInfo.InvariantCulture, $"[{s.Key}] in {s.Value} post{(s.Value == 1 ? "" : "s")}"))));
        }
        foreach (var note in Notes)
        {
            text.AppendLine(note);
        }
        if (NotesLeftOut > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"… and {NotesLeftOut:N0} more notes.");
        }
        if (Failure is not null)
        {
            text.AppendLine(Failure);
        }
        text.Append(CultureInfo.InvariantCulture, $"Took {Took.TotalSeconds:0.0} s.");
        return text.ToString();
    }
}
