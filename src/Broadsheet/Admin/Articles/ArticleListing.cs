using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Sections;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Articles;

/// <summary>What the desk's article list asks for; every part is optional.</summary>
public sealed record ArticleListFilter(string? Status = null, string? Section = null, string? Author = null, string? Text = null, string? Sort = null);

/// <summary>A row of the desk's list: enough to find an article and see where it stands.</summary>
public sealed record ArticleListRow(
    int Id, string Title, string Status, bool InReview, string? Stage, string SectionName, string PublicUrl, DateTime? PublishedAt, DateTime UpdatedAt,
    IReadOnlyList<string> Authors, string? OwnerName, bool MayEdit);

/// <summary>
/// The admin's list of articles: by status, section (with its subsections), byline and title text, sorted by last
/// change, creation or title, in keyset pages, so page 500 of 100,000 articles costs what page 1 does.
/// </summary>
public sealed class ArticleListing(BroadsheetDb db, SectionTreeCache sections, SqlDialect dialect, TimeProvider clock, Broadsheet.Desk.DeskStages desk)
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<(string Value, string Label)> Statuses =
        [("", "Any status"), ("draft", "Draft"), ("review", "In review"), ("scheduled", "Scheduled"), ("published", "Published")];

    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
        [("updated", "Last changed"), ("created", "Newest"), ("title", "Title A–Z")];

    public async Task<Paged<ArticleListRow>> PageAsync(ArticleListFilter filter, Actor actor, string? cursor, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Articles.AsNoTracking();
        if (!ArticlePermissions.SeesEveryArticle(actor))
        {
            query = query.Where(ArticlePermissions.VisibleTo(actor, now));
        }
        query = filter.Status switch
        {
            "draft" => query.Where(a => a.Status == ArticleStatus.Draft && !a.InReview),
            "review" => query.Where(a => a.Status == ArticleStatus.Draft && a.InReview),
            "scheduled" => query.Where(a => a.Listed == 1 && a.PublishedAt > now),
            "published" => query.Where(ArticleStatuses.IsPublic(now)),
            _ => query,
        };
        if (!string.IsNullOrEmpty(filter.Section) && (await sections.GetAsync(ct)).BySlug(filter.Section) is { } section)
        {
            var ids = (await sections.GetAsync(ct)).SubtreeIds(section.Id);
            query = query.Where(a => ids.Contains(a.SectionId));
        }
        if (!string.IsNullOrWhiteSpace(filter.Author))
        {
            var slug = Slug.From(filter.Author);
            query = query.Where(a => a.Authors.Any(x => x.Slug == slug));
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            query = query.Where(dialect.ContainsText<Article>(filter.Text.Trim(), a => a.Title));
        }
        var after = KeysetCursor.FromQuery(cursor);
        var ordered = await OrderAsync(query, filter.Sort, after, ct);
        var rows = await ordered.Take(PageSize + 1)
            .Select(a => new
            {
                a.Id, a.Title, a.Status, a.InReview, a.Stage, a.PublishedAt, a.UpdatedAt, a.CreatedAt, a.Slug, a.OwnerId, a.AssigneeId,
                SectionName = a.Section.Name, SectionPath = a.Section.Path,
                OwnerName = db.Users.Where(u => u.Id == a.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var authors = await ArticleQueries.AuthorsOfAsync(db, [.. rows.Select(r => r.Id)], ct);
        var items = rows.Take(PageSize).Select(r => new ArticleListRow(
            r.Id, r.Title, ArticleStatuses.Name(r.Status, r.PublishedAt, now), r.InReview, r.Status == ArticleStatus.Draft ? r.Stage ?? desk.First : null, r.SectionName, SitePaths.Article(r.SectionPath, r.Slug),
            r.PublishedAt is null ? null : ArticleQueries.AsUtc(r.PublishedAt), ArticleQueries.AsUtc(r.UpdatedAt),
            [.. authors[r.Id].Select(x => x.Name)], r.OwnerName, ArticlePermissions.WhyNotEdit(actor, new ArticleStake(r.OwnerId, r.AssigneeId), r.Status) is null)).ToList();
        string? next = null;
        if (rows.Count > PageSize)
        {
            var last = rows[PageSize - 1];
            var key = filter.Sort switch
            {
                "created" => ArticleQueries.AsUtc(last.CreatedAt).Ticks,
                "title" => 0,
                _ => ArticleQueries.AsUtc(last.UpdatedAt).Ticks,
            };
            next = new KeysetCursor(key, last.Id).Encode();
        }
        return new Paged<ArticleListRow>(items, next);
    }

    private async Task<IQueryable<Article>> OrderAsync(IQueryable<Article> query, string? sort, KeysetCursor? after, CancellationToken ct)
    {
        switch (sort)
        {
            case "title":
                if (after is { Id: var lastId })
                {
                    // The cursor names the last row; its title is looked up, so the cursor stays small and opaque.
                    var lastTitle = await db.Articles.Where(a => a.Id == lastId).Select(a => a.Title).FirstOrDefaultAsync(ct) ?? "";
                    query = query.Where(a => a.Title.CompareTo(lastTitle) > 0 || (a.Title == lastTitle && a.Id > lastId));
                }
                return query.OrderBy(a => a.Title).ThenBy(a => a.Id);
            case "created":
                if (after is { } created)
                {
                    var at = new DateTime(created.SortKey, DateTimeKind.Utc);
                    query = query.Where(a => a.CreatedAt < at || (a.CreatedAt == at && a.Id < created.Id));
                }
                return query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);
            default:
                if (after is { } updated)
                {
                    var at = new DateTime(updated.SortKey, DateTimeKind.Utc);
                    query = query.Where(a => a.UpdatedAt < at || (a.UpdatedAt == at && a.Id < updated.Id));
                }
                return query.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id);
        }
    }
}
