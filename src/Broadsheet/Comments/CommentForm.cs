using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Comments;

/// <summary>
/// The comment form's fields, shared by the HTML form and the API. The messages are product contract
/// (PRODUCT.md) and WordPress's own words; the browser script shows the same ones.
/// </summary>
public sealed record CommentForm
{
    public const int CommentMaxLength = 65_525;
    public const int NameMaxLength = 245;
    public const int EmailMaxLength = 100;
    public const int WebsiteMaxLength = 200;

    public const string CommentMessage = "Please enter your comment!";
    public const string NameMessage = "Please enter your name here";
    public const string EmailMessage = "You have entered an incorrect email address!";
    public const string WebsiteMessage = "Please enter a valid website address, starting with http:// or https://";

    [Required(ErrorMessage = CommentMessage), StringLength(CommentMaxLength, ErrorMessage = CommentMessage)]
    public string? Comment { get; init; }

    [Required(ErrorMessage = NameMessage), StringLength(NameMaxLength, ErrorMessage = NameMessage)]
    public string? Name { get; init; }

    [Required(ErrorMessage = EmailMessage), StringLength(EmailMaxLength, ErrorMessage = EmailMessage)]
    [RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", ErrorMessage = EmailMessage)]
    public string? Email { get; init; }

    [StringLength(WebsiteMaxLength, ErrorMessage = WebsiteMessage)]
    [RegularExpression(@"^https?://[^\s/$.?#][^\s]*$", ErrorMessage = WebsiteMessage)]
    public string? Website { get; init; }

    public int? ParentId { get; init; }

    /// <summary>"Notify me of follow-up comments by email".</summary>
    public bool Notify { get; init; }
}
