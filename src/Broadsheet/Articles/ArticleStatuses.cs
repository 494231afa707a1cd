using System.Linq.Expressions;

namespace Broadsheet.Articles;

/// <summary>The words the API uses for statuses, and the one rule of what readers may see.</summary>
public static class ArticleStatuses
{
    public static bool TryParse(string text, out ArticleStatus status)
    {
        (var ok, status) = text.Trim().ToLowerInvariant() switch
        {
            "draft" => (true, ArticleStatus.Draft),
            "scheduled" => (true, ArticleStatus.Scheduled),
            "published" => (true, ArticleStatus.Published),
            _ => (false, ArticleStatus.Draft),
        };
        return ok;
    }

    /// <summary>A scheduled article turns published by the clock alone: no job, no restart.</summary>
    public static string Name(ArticleStatus status, DateTime? publishedAt, DateTime now) => status switch
    {
        ArticleStatus.Draft => "draft",
        _ when publishedAt > now => "scheduled",
        _ => "published",
    };

    /// <summary>
    /// Readers see an article that is not a draft once its publication time has come. The embargo is checked here too,
    /// although publishing before it is refused, so that no way of writing an article (an import, a hand-edited row)
    /// can make an embargoed one public.
    /// </summary>
    public static Expression<Func<Article, bool>> IsPublic(DateTime now) =>
        a => a.Listed == 1 && a.PublishedAt <= now && (a.EmbargoUntil == null || a.EmbargoUntil <= now);
}
