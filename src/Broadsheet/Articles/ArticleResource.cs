namespace Broadsheet.Articles;

/// <summary>An article as the API answers it (PRODUCT.md, API shapes).</summary>
public sealed record ArticleResource(
    int Id, string Title, string Slug, string? Dek, string Body, string BodyHtml, string Section,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Authors, string Status,
    DateTime? PublishedAt, DateTime CreatedAt, DateTime UpdatedAt, int WordCount, string Url, Comments.CommentPolicy Comments,
    bool InReview, string? MetaDescription, int Version, int? FeaturedImage, int? SocialImage)
{
    /// <summary>From an article loaded with its section, tags and authors.</summary>
    public static ArticleResource From(Article a, DateTime now, HttpRequest request) => new(
        a.Id, a.Title, a.Slug, a.Dek, a.BodyMarkdown, a.BodyHtml, a.Section.Slug,
        [.. a.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)],
        [.. a.Authors.Select(x => x.Name).Order(StringComparer.Ordinal)],
        ArticleStatuses.Name(a.Status, a.PublishedAt, now),
        a.PublishedAt is null ? null : ArticleQueries.AsUtc(a.PublishedAt),
        ArticleQueries.AsUtc(a.CreatedAt), ArticleQueries.AsUtc(a.UpdatedAt), a.WordCount,
        Infrastructure.PublicUrls.Absolute(request, SitePaths.Article(a.Section.Path, a.Slug)), a.Comments,
        a.InReview, a.MetaDescription, a.Version, a.FeaturedImageId, a.SocialImageId);
}
