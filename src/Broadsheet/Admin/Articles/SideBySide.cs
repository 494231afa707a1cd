using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Broadsheet.Admin.Articles;

/// <summary>One line of a side-by-side comparison: the old text and the new, each with what happened to it.</summary>
public sealed record DiffLine(int? OldNumber, string? OldText, string OldKind, int? NewNumber, string? NewText, string NewKind);

/// <summary>Two texts line by line, as DiffPlex compares them (word-level changes inside changed lines are left to the eye).</summary>
public sealed record SideBySide(IReadOnlyList<DiffLine> Lines, int Added, int Removed, int Changed)
{
    private static readonly SideBySideDiffBuilder Builder = new(new Differ());

    public bool Same => Added == 0 && Removed == 0 && Changed == 0;

    public static SideBySide Of(string oldText, string newText)
    {
        var diff = Builder.BuildDiffModel(oldText.ReplaceLineEndings("\n"), newText.ReplaceLineEndings("\n"), ignoreWhitespace: false);
        var lines = diff.OldText.Lines.Zip(diff.NewText.Lines, (o, n) => new DiffLine(
            o.Position, o.Type == ChangeType.Imaginary ? null : o.Text, Kind(o.Type),
            n.Position, n.Type == ChangeType.Imaginary ? null : n.Text, Kind(n.Type))).ToList();
        return new SideBySide(lines,
            diff.NewText.Lines.Count(l => l.Type == ChangeType.Inserted),
            diff.OldText.Lines.Count(l => l.Type == ChangeType.Deleted),
            diff.NewText.Lines.Count(l => l.Type == ChangeType.Modified));
    }

    private static string Kind(ChangeType type) => type switch
    {
        ChangeType.Inserted => "added",
        ChangeType.Deleted => "removed",
        ChangeType.Modified => "changed",
        ChangeType.Imaginary => "empty",
        _ => "same",
    };
}
