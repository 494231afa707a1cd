using System.ComponentModel.DataAnnotations;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Text;

namespace Broadsheet.Articles;

/// <summary>
/// What an editor sends to create (POST) or change (PATCH) an article. On PATCH a missing field is left as it is.
/// </summary>
public sealed record ArticleInput
{
    public const int TitleMaxLength = 300;
    public const int DekMaxLength = 600;
    public const int MetaDescriptionMaxLength = 300;

    [StringLength(TitleMaxLength, ErrorMessage = "The title must be at most 300 characters.")]
    public string? Title { get; init; }

    public string? Slug { get; init; }

    [StringLength(DekMaxLength, ErrorMessage = "The dek must be at most 600 characters.")]
    public string? Dek { get; init; }

    [StringLength(200_000, ErrorMessage = "The body must be at most 200,000 characters.")]
    public string? Body { get; init; }

    /// <summary>The section's slug.</summary>
    public string? Section { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<string>? Authors { get; init; }

    /// <summary>draft (default), scheduled or published.</summary>
    public string? Status { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>true submits a draft for review (the desk's review stage); false takes it back a stage.</summary>
    public bool? InReview { get; init; }

    /// <summary>One of Broadsheet:Workflow:Stages (any case); only editors may choose the last, approval.</summary>
    [StringLength(Desk.DeskStages.MaxLength, ErrorMessage = "The stage must be at most 60 characters.")]
    public string? Stage { get; init; }

    /// <summary>The member writing the article; 0 removes the assignee.</summary>
    public int? AssigneeId { get; init; }

    /// <summary>The editor or administrator looking after it on the desk; 0 removes them.</summary>
    public int? EditorId { get; init; }

    /// <summary>ISO 8601 date and time before which nothing of the article may be public; an empty string lifts it.</summary>
    public string? EmbargoUntil { get; init; }

    /// <summary>A media library picture's id; 0 removes the featured image.</summary>
    public int? FeaturedImage { get; init; }

    /// <summary>A media library picture's id for link previews; 0 removes it.</summary>
    public int? SocialImage { get; init; }

    /// <summary>True pins it to the top of the front page, false takes it off; null leaves it as it is.</summary>
    public bool? Pinned { get; init; }

    [StringLength(MetaDescriptionMaxLength, ErrorMessage = "The meta description must be at most 300 characters.")]
    public string? MetaDescription { get; init; }

    /// <summary>This article's comment rules; a missing field is left as it is, 0 turns a limit off.</summary>
    public CommentPolicyInput? Comments { get; init; }

    /// <summary>The input without control characters and the like (see <see cref="CleanText"/>).</summary>
    public ArticleInput Cleaned() => this with
    {
        Title = Title is null ? null : CleanText.Line(Title),
        Dek = Dek is null ? null : CleanText.Line(Dek),
        MetaDescription = MetaDescription is null ? null : CleanText.Line(MetaDescription),
        Body = Body is null ? null : CleanText.Block(Body),
        Section = Section?.Trim(),
        Stage = Stage is null ? null : CleanText.Line(Stage),
        Tags = Tags?.Select(CleanText.Line).ToList(),
        Authors = Authors?.Select(CleanText.Line).ToList(),
    };
}
