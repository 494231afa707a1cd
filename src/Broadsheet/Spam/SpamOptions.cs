using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Spam;

/// <summary>Bound from "Broadsheet:Spam".</summary>
public sealed class SpamOptions : IValidatableObject
{
    /// <summary>Comments judged spam are kept this long for moderators to check, then purged.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 15;

    /// <summary>Off: comments meet only the moderation rules.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// From this score a spam verdict holds the comment for a moderator, with the filter's reasons; from
    /// <see cref="QueueScore"/> it goes straight to the spam queue. A real reader held is a short wait; a real reader
    /// in the spam queue is easily lost, so only near-certain spam goes there.
    /// </summary>
    [Range(0.5, 1.0)]
    public double HoldScore { get; set; } = SpamModel.Threshold;

    [Range(0.5, 1.0)]
    public double QueueScore { get; set; } = 0.99;

    /// <summary>How often a node picks up lessons other nodes have learned.</summary>
    [Range(1, 3600)]
    public int SyncIntervalSeconds { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (QueueScore < HoldScore)
        {
            yield return new ValidationResult(
                "Broadsheet:Spam:QueueScore must not be below Broadsheet:Spam:HoldScore (what goes to the spam queue is held at least).", [nameof(QueueScore)]);
        }
    }
}
