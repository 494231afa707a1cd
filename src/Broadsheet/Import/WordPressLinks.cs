using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Import;

/// <summary>
/// WordPress's own short links, <c>/?p=ID</c> and <c>/?page_id=ID</c>, which work whatever the permalink structure
/// was and are all over old emails and social posts: an imported post or page answers them with a 301.
/// </summary>
public static class WordPressLinks
{
    public static async Task<string?> MovedToAsync(IQueryCollection query, BroadsheetDb db, ArticleQueries articles, CancellationToken ct)
    {
        if (Id(query, "p") is { } postId && await LocalIdAsync(db, ImportedItem.Kinds.Post, postId, ct) is { } articleId)
        {
            return await articles.PublicUrlAsync(articleId, ct);
        }
        if (Id(query, "page_id") is { } pageId && await LocalIdAsync(db, ImportedItem.Kinds.Page, pageId, ct) is { } localPage)
        {
            return await db.StaticPages.Where(p => p.Id == localPage).Select(p => SitePaths.StaticPage(p.Slug)).SingleOrDefaultAsync(ct);
        }
        return null;
    }

    private static long? Id(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static async Task<int?> LocalIdAsync(BroadsheetDb db, string kind, long id, CancellationToken ct)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        return await db.ImportedItems.Where(i => i.Kind == kind && i.SourceKey == key && i.LocalId > 0).Select(i => (int?)i.LocalId).FirstOrDefaultAsync(ct);
    }
}
