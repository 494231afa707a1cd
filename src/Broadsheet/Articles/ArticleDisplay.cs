using Broadsheet.Site;

namespace Broadsheet.Articles;

public sealed record ArticleDisplay(ArticleView Article, Breadcrumb Breadcrumb);

/// <summary>What a link preview (Open Graph) shows of a page: absolute URLs, as the crawlers of social sites need them.</summary>
public sealed record OpenGraph(string Type, string Title, string? Description, string Url, string? Image, string? ImageAlt, int? ImageWidth, int? ImageHeight)
{
    public const string ViewDataKey = "OpenGraph";

    public static OpenGraph Of(ArticleView article, HttpRequest request)
    {
        var picture = article.SocialImage ?? article.Image;
        return new OpenGraph("article", article.Title, article.MetaDescription ?? article.Dek, Infrastructure.PublicUrls.Absolute(request, article.Url),
            picture is null ? null : Infrastructure.PublicUrls.Absolute(request, picture.LargestUrl), picture?.Alt, picture?.Width, picture?.Height);
    }
}
