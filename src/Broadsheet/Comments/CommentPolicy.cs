using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>
/// An article's own comment rules, for live news: hold every comment, close some hours after publication, or let
/// each commenter post once per N minutes.
/// </summary>
public sealed record CommentPolicyInput(
    bool? Closed, bool? PreModerate,
    [property: System.ComponentModel.DataAnnotations.Range(0, 8760, ErrorMessage = "closeAfterHours must be between 0 (off) and 8760.")] int? CloseAfterHours,
    [property: System.ComponentModel.DataAnnotations.Range(0, 1440, ErrorMessage = "slowModeMinutes must be between 0 (off) and 1440.")] int? SlowModeMinutes);

[Owned]
public sealed class CommentPolicy
{
    public bool Closed { get; set; }
    public bool PreModerate { get; set; }
    public int? CloseAfterHours { get; set; }
    public int? SlowModeMinutes { get; set; }

    public void Apply(CommentPolicyInput input)
    {
        Closed = input.Closed ?? Closed;
        PreModerate = input.PreModerate ?? PreModerate;
        CloseAfterHours = input.CloseAfterHours is { } hours ? (hours == 0 ? null : hours) : CloseAfterHours;
        SlowModeMinutes = input.SlowModeMinutes is { } minutes ? (minutes == 0 ? null : minutes) : SlowModeMinutes;
    }
}
