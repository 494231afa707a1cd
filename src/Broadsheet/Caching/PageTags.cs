using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;

namespace Broadsheet.Caching;

/// <summary>
/// Names for what a cached page shows, so a change purges exactly the pages that show it. A page tags itself
/// while it renders (<see cref="Add"/>); an edit purges the tags of what it changed (<see cref="PageCache"/>).
/// Listing pages and the pages that merely mention a thing get different tags: publishing an article refreshes
/// its tag's page, but renaming the tag also refreshes every article that shows the tag.
/// </summary>
public static class PageTags
{
    /// <summary>Every cached page; purged when something on every page changes (the section navigation).</summary>
    public const string Everything = "all";
    public const string Home = "home";
    public const string Archives = "archives";
    public const string Search = "search";
    public const string Feeds = "feeds";
    public const string CommentFeeds = "comment-feeds";
    public const string Corrections = "corrections";

    public static string Article(int id) => Tag("article", id);

    /// <summary>A section's listing; a section page carries this tag for every section under it too.</summary>
    public static string SectionListing(int id) => Tag("section", id);

    public static string TagListing(int id) => Tag("tag", id);

    public static string AuthorListing(int id) => Tag("author", id);

    /// <summary>Article pages showing a tag's name.</summary>
    public static string ShowsTag(int id) => Tag("shows-tag", id);

    /// <summary>Article pages showing an author's name.</summary>
    public static string ShowsAuthor(int id) => Tag("shows-author", id);

    public static string StaticPage(int id) => Tag("page", id);

    /// <summary>A listing shows its articles' authors by name.</summary>
    public static void AddListing(HttpContext http, IEnumerable<Articles.ArticleCard> cards) =>
        Add(http, cards.SelectMany(c => c.Authors).Select(a => ShowsAuthor(a.Id)));

    /// <summary>Tags the page being rendered; does nothing when the page is not being cached.</summary>
    public static void Add(HttpContext http, params IEnumerable<string> tags)
    {
        if (http.Features.Get<IOutputCacheFeature>()?.Context is { AllowCacheStorage: true } cache)
        {
            cache.Tags.UnionWith(tags);
        }
    }

    private static string Tag(string kind, int id) => string.Create(CultureInfo.InvariantCulture, $"{kind}:{id}");
}
