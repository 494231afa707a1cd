using Broadsheet.Site;

namespace Broadsheet.Articles;

public sealed record ArticleDisplay(ArticleView Article, Breadcrumb Breadcrumb)
{
    public ArticleNeighbours Neighbours { get; init; } = ArticleNeighbours.None;
}

/// <summary>What a link preview (Open Graph) shows of a page: absolute URLs, as the crawlers of social sites need them.</summary>
public sealed record OpenGraph(string Type, string Title, string? Description, string Url, string? Image, string? ImageAlt, int? ImageWidth, int? ImageHeight)
{
    public const string ViewDataKey = "OpenGraph";

    /// <summary>An article's: article:published_time, modified_time, section and its tags besides.</summary>
    public ArticleFacts? Article { get; init; }

    public static OpenGraph Of(ArticleView article, string? sectionName, HttpRequest request)
    {
        var picture = article.SocialImage ?? article.Image;
        return new OpenGraph("article", article.Title, article.MetaDescription ?? article.Dek, Infrastructure.PublicUrls.Absolute(request, article.Url),
            picture is null ? null : Discovery.StructuredData.Absolute(request, picture.LargestUrl), picture?.Alt, picture?.Width, picture?.Height)
        {
            Article = new ArticleFacts(SiteClock.Iso(article.PublishedAt), SiteClock.Iso(article.UpdatedAt > article.PublishedAt ? article.UpdatedAt : article.PublishedAt),
                sectionName, [.. article.Tags.Select(t => t.Name)]),
        };
    }

    /// <summary>Any other public page: a website-type preview of its title and description.</summary>
    public static OpenGraph Page(string title, string? description, HttpRequest request, string path) =>
        new("website", title, description, Infrastructure.PublicUrls.Absolute(request, path), null, null, null, null);
}

public sealed record ArticleFacts(string PublishedTime, string ModifiedTime, string? Section, IReadOnlyList<string> Tags);
