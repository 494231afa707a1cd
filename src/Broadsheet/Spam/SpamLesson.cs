using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Spam;

/// <summary>
/// A moderator's "spam" or "not spam" on a comment (Akismet's submit-spam / submit-ham). The filter's model is the
/// shipped base model plus every lesson, replayed in order, so each node (and each restart) has the same model.
/// </summary>
public sealed class SpamLesson
{
    public long Id { get; set; }
    public int? CommentId { get; set; }
    public required string Text { get; set; }
    public required string Name { get; set; }
    public bool Spam { get; set; }

    /// <summary>What the filter had said: a lesson that contradicts it is a miss or a false positive.</summary>
    public bool FilterSaidSpam { get; set; }

    /// <summary>
    /// Once the lesson is older than the spam retention (Broadsheet:Spam:RetentionDays), only this is kept: the
    /// text's hashed features (<see cref="TextFeatures"/>), which the filter learns from and nobody can read back;
    /// the text and name are emptied and the link to the comment dropped.
    /// </summary>
    public byte[]? Features { get; set; }

    public static byte[] Digest(string text)
    {
        var features = TextFeatures.Extract(text);
        var bytes = new byte[features.Length * sizeof(int)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.AsSpan()).CopyTo(bytes);
        return bytes;
    }

    public static int[] FeaturesOf(byte[] digest) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(digest).ToArray();

    public DateTime CreatedAt { get; set; }
}

/// <summary>How many comments the filter caught in an ISO week ("2024-W29"); kept after the spam itself is purged.</summary>
public sealed class SpamWeek
{
    public required string Week { get; set; }
    public int Caught { get; set; }

    public static string Of(DateTime utc) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{System.Globalization.ISOWeek.GetYear(utc)}-W{System.Globalization.ISOWeek.GetWeekOfYear(utc):00}");
}

public sealed class SpamWeekConfiguration : IEntityTypeConfiguration<SpamWeek>
{
    public void Configure(EntityTypeBuilder<SpamWeek> week)
    {
        week.ToTable("SpamWeeks");
        week.HasKey(w => w.Week);
        week.Property(w => w.Week).HasMaxLength(8);
    }
}

public sealed class SpamLessonConfiguration : IEntityTypeConfiguration<SpamLesson>
{
    public void Configure(EntityTypeBuilder<SpamLesson> lesson)
    {
        lesson.Property(l => l.Name).HasMaxLength(245);
        lesson.HasIndex(l => l.CreatedAt);
    }
}
