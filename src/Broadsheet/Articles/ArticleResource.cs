namespace Broadsheet.Articles;

/// <summary>An article as the API answers it (PRODUCT.md, API shapes).</summary>
public sealed record ArticleResource(
    int Id, string Title, string Slug, string? Dek, string Body, string BodyHtml, string Section,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Authors, string Status,
    DateTime? PublishedAt, DateTime CreatedAt, DateTime UpdatedAt, int WordCount, string Url, Comments.CommentPolicy Comments,
    bool InReview, string? MetaDescription, int Version, int? FeaturedImage, int? SocialImage,
    string? Stage, int? AssigneeId, int? EditorId, DateTime? EmbargoUntil, bool Pinned)
{
    /// <summary>From an article loaded with its section, tags and authors. Where it is on the desk (stage, assignee, desk editor, embargo) is for members only.</summary>
    public static ArticleResource From(Article a, DateTime now, HttpRequest request, Desk.DeskStages stages) =>
        From(a, now, request, stages, Accounts.Actor.From(request.HttpContext.User) is not null);

    private static ArticleResource From(Article a, DateTime now, HttpRequest request, Desk.DeskStages stages, bool member) => new(
        a.Id, a.Title, a.Slug, a.Dek, a.BodyMarkdown, a.BodyHtml, a.Section.Slug,
        [.. a.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)],
        [.. a.Authors.Select(x => x.Name).Order(StringComparer.Ordinal)],
        ArticleStatuses.Name(a.Status, a.PublishedAt, now),
        a.PublishedAt is null ? null : ArticleQueries.AsUtc(a.PublishedAt),
        ArticleQueries.AsUtc(a.CreatedAt), ArticleQueries.AsUtc(a.UpdatedAt), a.WordCount,
        Infrastructure.PublicUrls.Absolute(request, SitePaths.Article(a.Section.Path, a.Slug)), a.Comments,
        a.InReview, a.MetaDescription, a.Version, a.FeaturedImageId, a.SocialImageId,
        member && a.Status == ArticleStatus.Draft ? a.Stage ?? stages.First : null,
        member ? a.AssigneeId : null, member ? a.DeskEditorId : null,
        member && a.EmbargoUntil is not null ? ArticleQueries.AsUtc(a.EmbargoUntil) : null, a.Pinned);
}
