using Broadsheet.Articles;
using Microsoft.AspNetCore.OutputCaching;

namespace Broadsheet.Caching;

/// <summary>What an article puts on public pages; compared before and after an edit to know what to purge.</summary>
public sealed record ArticleFootprint(int Id, bool Listed, int SectionId, IReadOnlyList<int> TagIds, IReadOnlyList<int> AuthorIds)
{
    /// <summary>Needs the article's tags and authors loaded.</summary>
    public static ArticleFootprint Of(Article article) => new(
        article.Id, article.Status != ArticleStatus.Draft, article.SectionId,
        [.. article.Tags.Select(t => t.Id)], [.. article.Authors.Select(a => a.Id)]);
}

/// <summary>
/// Purges cached pages after an edit: the editing services call it once their change is saved. A CDN in front hears
/// of each purge too, when <see cref="PageCacheOptions.PurgeUrl"/> is set.
/// </summary>
public sealed class PageCache(IOutputCacheStore store, CdnPurges cdn, Infrastructure.Metrics.BroadsheetMetrics metrics)
{
    public async Task PurgeAsync(IEnumerable<string> tags, CancellationToken ct)
    {
        metrics.Purged();
        var distinct = tags.Distinct().ToList();
        foreach (var tag in distinct)
        {
            await store.EvictByTagAsync(tag, ct);
        }
        cdn.Send(distinct);
    }

    /// <summary>
    /// An article was created, edited or deleted (<paramref name="before"/> or <paramref name="after"/> is null):
    /// its own page and every listing it was or now is on. A draft edited as a draft shows nowhere.
    /// </summary>
    public Task ArticleChangedAsync(ArticleFootprint? before, ArticleFootprint? after, CancellationToken ct)
    {
        var shown = new[] { before, after }.Where(f => f is { Listed: true }).Select(f => f!).ToList();
        if (shown.Count == 0)
        {
            return Task.CompletedTask;
        }
        var tags = new List<string> { PageTags.Home, PageTags.Archives, PageTags.Search, PageTags.Feeds };
        foreach (var footprint in shown)
        {
            tags.Add(PageTags.Article(footprint.Id));
            tags.Add(PageTags.SectionListing(footprint.SectionId));
            tags.AddRange(footprint.TagIds.Select(PageTags.TagListing));
            tags.AddRange(footprint.AuthorIds.Select(PageTags.AuthorListing));
        }
        return PurgeAsync(tags, ct);
    }

    /// <summary>A comment appeared on, or left, an article's public page.</summary>
    public Task CommentsChangedAsync(int articleId, CancellationToken ct) =>
        PurgeAsync([PageTags.Article(articleId), PageTags.CommentFeeds], ct);

    /// <summary>Sections show in the navigation of every page.</summary>
    public Task SectionsChangedAsync(CancellationToken ct) => PurgeAsync([PageTags.Everything], ct);
}
