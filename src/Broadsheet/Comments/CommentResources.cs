namespace Broadsheet.Comments;

/// <summary>POST answer (PRODUCT.md): the new comment's id, status and public URL.</summary>
public sealed record PostedComment(int Id, string Status, string Url);

/// <summary>An approved comment as anyone may read it: no email, no IP.</summary>
public sealed record PublicComment(int Id, int? ParentId, string Name, string? Website, string Comment, string CommentHtml, DateTime CreatedAt, string AvatarUrl);

/// <summary>A comment in full, for moderators (PRODUCT.md).</summary>
public sealed record ModeratedComment(
    int Id, int ArticleId, int? ParentId, string Status, string Name, string Email, string? Website, string Comment,
    DateTime CreatedAt, IReadOnlyList<string> Reasons)
{
    public static ModeratedComment From(Comment c) => new(
        c.Id, c.ArticleId, c.ParentId, StatusName(c.Status), c.Name, c.Email, c.Website, c.Body,
        DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc), c.Reasons is null ? [] : c.Reasons.Split("; "));

    public static string StatusName(CommentStatus status) => status.ToString().ToLowerInvariant();
}
