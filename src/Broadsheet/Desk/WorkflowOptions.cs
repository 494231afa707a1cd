using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Desk;

/// <summary>
/// Broadsheet:Workflow: the desk's stages an unpublished article moves through, in order. The last stage is approval:
/// only an editor or administrator puts an article there, and (with <see cref="AuthorsNeedApproval"/>) an author
/// may publish their article only from there. The stage before it is review, where "Submit for review" sends a draft.
/// Scheduled and published are not stages: they are what happens after the desk.
/// </summary>
public sealed class WorkflowOptions : IValidatableObject
{
    public static readonly IReadOnlyList<string> DefaultStages = ["Pitch", "Assigned", "In progress", "In review", "Approved"];

    /// <summary>
    /// Empty means <see cref="DefaultStages"/>. (Configuration binding adds to a list's items rather than replacing
    /// them, so the defaults cannot live in the list itself.)
    /// </summary>
    public List<string> Stages { get; set; } = [];

    /// <summary>true: an author's article needs an editor's approval before the author may publish it. false: authors publish their own articles freely, as in WordPress.</summary>
    public bool AuthorsNeedApproval { get; set; } = true;

    public IReadOnlyList<string> EffectiveStages => Stages.Count == 0 ? DefaultStages : [.. Stages.Select(s => s.Trim())];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var stages = EffectiveStages;
        if (stages.Count < 2)
        {
            yield return new ValidationResult("Broadsheet:Workflow:Stages needs at least two stages: one to write in and the last, approval.", [nameof(Stages)]);
        }
        if (stages.Any(s => s.Length is 0 or > DeskStages.MaxLength))
        {
            yield return new ValidationResult($"Every stage in Broadsheet:Workflow:Stages needs a name of 1 to {DeskStages.MaxLength} characters.", [nameof(Stages)]);
        }
        if (stages.Distinct(StringComparer.OrdinalIgnoreCase).Count() != stages.Count)
        {
            yield return new ValidationResult("The stages in Broadsheet:Workflow:Stages must have different names.", [nameof(Stages)]);
        }
    }
}
