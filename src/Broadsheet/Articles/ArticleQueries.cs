using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>A link by name; <paramref name="Id"/> is the linked author's or tag's, where there is one.</summary>
public sealed record NamedLink(string Name, string Url, int Id = 0);

/// <summary>An article in a list: home, section, tag, author, archive and search pages.</summary>
public sealed record ArticleCard(
    int Id, string Title, string? Dek, string Url, string SectionName, string SectionUrl,
    DateTime PublishedAt, IReadOnlyList<NamedLink> Authors, int WordCount, Media.ResponsiveImage? Image = null);

/// <summary>What the article page shows.</summary>
public sealed record ArticleView(
    int Id, string Title, string? Dek, string BodyHtml, int SectionId, string Url,
    DateTime PublishedAt, DateTime UpdatedAt, IReadOnlyList<NamedLink> Authors, IReadOnlyList<NamedLink> Tags, int WordCount,
    Comments.CommentPolicy Comments, string? MetaDescription = null, Media.ResponsiveImage? Image = null, Media.ResponsiveImage? SocialImage = null,
    IReadOnlyList<Corrections.CorrectionView>? Notes = null)
{
    /// <summary>The corrections, clarifications and updates readers see now: those no later note has superseded.</summary>
    public IReadOnlyList<Corrections.CorrectionView> CurrentNotes => [.. (Notes ?? []).Where(n => n.SupersededById is null)];
}

/// <summary>Around an article: the previous and next in its section, more from the section, and related by shared tags.</summary>
public sealed record ArticleNeighbours(NamedLink? Previous, NamedLink? Next, IReadOnlyList<NamedLink> AlsoInSection, IReadOnlyList<NamedLink> Related)
{
    public static readonly ArticleNeighbours None = new(null, null, [], []);
}

/// <summary>Which public articles a listing shows; every filter is optional.</summary>
public sealed record ArticleFilter(
    IReadOnlyList<int>? SectionIds = null, int? TagId = null, int? AuthorId = null, DateTime? From = null, DateTime? Until = null, bool PinnedOnly = false);

/// <summary>The read side of articles, shared by pages, API and (later) feeds. Readers only ever see public articles.</summary>
public sealed class ArticleQueries(BroadsheetDb db, ListingReads listings, TimeProvider clock, Media.IMediaStore media, Search.ISearchEngine search)
{
    public const int NeighbourCount = 4;

    /// <summary>
    /// Previous (older) and next (newer) public article in the same section by publication time; up to four more of
    /// the section's newest; and up to four related articles (<see cref="RelatedAsync"/>). Never the article itself,
    /// and the related ones not repeated in "also in".
    /// </summary>
    public async Task<ArticleNeighbours> NeighboursAsync(ArticleView article, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var inSection = db.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(now)).Where(a => a.SectionId == article.SectionId && a.Id != article.Id);
        var published = article.PublishedAt;
        var previous = await inSection.Where(a => a.PublishedAt < published || (a.PublishedAt == published && a.Id < article.Id))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Select(a => new { a.Id, a.Title, a.Slug, a.Section.Path }).FirstOrDefaultAsync(ct);
        var next = await inSection.Where(a => a.PublishedAt > published || (a.PublishedAt == published && a.Id > article.Id))
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).Select(a => new { a.Id, a.Title, a.Slug, a.Section.Path }).FirstOrDefaultAsync(ct);
        var related = await RelatedAsync(article, now, ct);
        var relatedIds = related.Select(r => r.Id).ToList();
        var also = await inSection.Where(a => !relatedIds.Contains(a.Id)).OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(NeighbourCount).Select(a => new { a.Id, a.Title, a.Slug, a.Section.Path }).ToListAsync(ct);
        NamedLink Link(int id, string title, string slug, string path) => new(title, SitePaths.Article(path, slug), id);
        return new ArticleNeighbours(
            previous is null ? null : Link(previous.Id, previous.Title, previous.Slug, previous.Path),
            next is null ? null : Link(next.Id, next.Title, next.Slug, next.Path),
            [.. also.Select(a => Link(a.Id, a.Title, a.Slug, a.Path))],
            [.. related.Select(a => Link(a.Id, a.Title, a.Slug, a.Path))]);
    }

    private const int RelatedCandidates = 12;

    /// <summary>
    /// Related articles: each shared tag counts one, and text similarity (the search engine's ranking of articles
    /// with the longer words of this one's title, dek and tags) adds up to nearly one more, so the articles sharing
    /// most tags come first, the most similar text decides among them and brings in untagged ones; newer first on ties.
    /// </summary>
    private async Task<List<LinkRow>> RelatedAsync(ArticleView article, DateTime now, CancellationToken ct)
    {
        var tagIds = article.Tags.Select(t => t.Id).ToList();
        var tagged = tagIds.Count == 0 ? [] : await db.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(now))
            .Where(a => a.Id != article.Id && a.Tags.Any(t => tagIds.Contains(t.Id)))
            .Select(a => new { a.Id, a.Title, a.Slug, a.Section.Path, a.PublishedAt, Shared = a.Tags.Count(t => tagIds.Contains(t.Id)) })
            .OrderByDescending(a => a.Shared).ThenByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(RelatedCandidates).ToListAsync(ct);
        var like = Search.SearchQuery.Like($"{article.Title} {article.Dek} {string.Join(' ', article.Tags.Select(t => t.Name))}");
        var others = db.Articles.Where(ArticleStatuses.IsPublic(now)).Where(a => a.Id != article.Id);
        var fromId = like.IsEmpty ? 0 : await search.NewestFromIdAsync(db, like, Search.SearchCandidates.Count, ct);
        var similar = like.IsEmpty ? [] : await search.Matches(db, like, now, fromId)
            .Join(others, m => m.ArticleId, a => a.Id,
                (m, a) => new { m.Score, a.Id, a.Title, a.Slug, a.Section.Path, a.PublishedAt })
            .OrderByDescending(m => m.Score).ThenByDescending(m => m.PublishedAt).ThenByDescending(m => m.Id)
            .Take(RelatedCandidates).ToListAsync(ct);
        var score = tagged.ToDictionary(t => t.Id, t => (double)t.Shared);
        var links = tagged.Select(t => new LinkRow(t.Id, t.Title, t.Slug, t.Path, t.PublishedAt))
            .Concat(similar.Select(s => new LinkRow(s.Id, s.Title, s.Slug, s.Path, s.PublishedAt))).DistinctBy(l => l.Id).ToList();
        for (var i = 0; i < similar.Count; i++)
        {
            score[similar[i].Id] = score.GetValueOrDefault(similar[i].Id) + (double)(RelatedCandidates - i) / (RelatedCandidates + 1);
        }
        return [.. links.OrderByDescending(r => score[r.Id]).ThenByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Take(NeighbourCount)];
    }

    private sealed record LinkRow(int Id, string Title, string Slug, string Path, DateTime? PublishedAt);

    /// <summary>The stored body HTML of these articles (full-text feeds), by id.</summary>
    public async Task<Dictionary<int, string>> BodiesAsync(IReadOnlyList<int> ids, CancellationToken ct) =>
        await listings.Db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.BodyHtml }).ToDictionaryAsync(a => a.Id, a => a.BodyHtml, ct);

    /// <summary>Listings read from the read replica where there is one (<see cref="ListingReads"/>).</summary>
    public async Task<Paged<ArticleCard>> ListPublicAsync(ArticleFilter filter, KeysetCursor? after, int limit, CancellationToken ct)
    {
        var source = listings.Db;
        var now = clock.GetUtcNow().UtcDateTime;
        // After a cursor, the cursor's time is the one upper bound: SQLite seeks straight to it in the index, where
        // a second bound or an OR alone would make it read every newer entry first, and page 200 cost 200 pages.
        var newest = after is { } cursor ? new DateTime(Math.Min(cursor.SortKey, now.Ticks), DateTimeKind.Utc) : now;
        var query = source.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(newest));
        query = Filtered(query, filter);
        if (after is { } last)
        {
            var (at, lastId) = (new DateTime(last.SortKey, DateTimeKind.Utc), last.Id);
            query = query.Where(a => a.PublishedAt < at || a.Id < lastId);
        }
        // Ids first, from an index alone; then the rows. Sorting whole rows would make SQLite read every candidate's
        // body, which is stored before the columns the sort needs. A section and its subsections are read one
        // section at a time, each in index order, and merged here: "SectionId IN (…)" would sort them all.
        var keys = new List<(int Id, DateTime PublishedAt)>();
        var parts = filter.SectionIds is { } sections ? sections.Select(id => query.Where(a => a.SectionId == id)) : [query];
        foreach (var part in parts)
        {
            keys.AddRange((await part
                .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
                .Take(limit + 1)
                .Select(a => new { a.Id, a.PublishedAt })
                .ToListAsync(ct)).Select(k => (k.Id, k.PublishedAt ?? default)));
        }
        var ids = keys.OrderByDescending(k => k.PublishedAt).ThenByDescending(k => k.Id).Take(limit + 1).Select(k => k.Id).ToList();
        var cards = await CardsAsync(source, ids, ct);
        var next = cards.Count > limit ? new KeysetCursor(cards[limit - 1].PublishedAt.Ticks, cards[limit - 1].Id).Encode() : null;
        return new Paged<ArticleCard>([.. cards.Take(limit)], next);
    }

    /// <summary>The tag, byline and date filters (sections are the caller's: a listing reads them one by one).</summary>
    public static IQueryable<Article> Filtered(IQueryable<Article> query, ArticleFilter filter)
    {
        if (filter.PinnedOnly)
        {
            query = query.Where(a => a.Pinned);
        }
        if (filter.TagId is { } tag)
        {
            query = query.Where(a => a.Tags.Any(t => t.Id == tag));
        }
        if (filter.AuthorId is { } author)
        {
            query = query.Where(a => a.Authors.Any(x => x.Id == author));
        }
        if (filter.From is { } from)
        {
            query = query.Where(a => a.PublishedAt >= from);
        }
        if (filter.Until is { } until)
        {
            query = query.Where(a => a.PublishedAt < until);
        }
        return query;
    }

    /// <summary>These articles as cards, in the order of <paramref name="ids"/> (ids that are not there are skipped).</summary>
    public async Task<List<ArticleCard>> CardsAsync(BroadsheetDb source, IReadOnlyList<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            // An empty listing (the front page's pinned stories, most days) asks the database nothing.
            return [];
        }
        var rows = await source.Articles.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.Title, a.Dek, a.Slug, SectionName = a.Section.Name, SectionPath = a.Section.Path,
                a.PublishedAt, a.WordCount, Image = a.FeaturedImage == null ? null : new Media.MediaColumns(
                    a.FeaturedImage.Id, a.FeaturedImage.Key, a.FeaturedImage.Format, a.FeaturedImage.Widths, a.FeaturedImage.Width, a.FeaturedImage.Height,
                    a.FeaturedImage.Alt, a.FeaturedImage.Caption, a.FeaturedImage.Credit),
            })
            .ToListAsync(ct);
        var authors = await AuthorsOfAsync(source, [.. rows.Select(r => r.Id)], ct);
        var byId = rows.ToDictionary(r => r.Id, r => new ArticleCard(
            r.Id, r.Title, r.Dek, SitePaths.Article(r.SectionPath, r.Slug), r.SectionName, SitePaths.Section(r.SectionPath),
            AsUtc(r.PublishedAt), [.. authors[r.Id]], r.WordCount, r.Image?.Show(media)));
        return [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
    }

    /// <summary>The public article at "/{sectionPath}/{slug}/", or null.</summary>
    public Task<ArticleView?> FindPublicAsync(string sectionPath, string slug, CancellationToken ct) =>
        ViewAsync(db.Articles.Where(ArticleStatuses.IsPublic(clock.GetUtcNow().UtcDateTime)).Where(a => a.Slug == slug && a.Section.Path == sectionPath), ct);

    /// <summary>Any article, published or not, as its page would show it (a signed preview link).</summary>
    public Task<ArticleView?> FindForPreviewAsync(int id, CancellationToken ct) => ViewAsync(db.Articles.Where(a => a.Id == id), ct);

    private async Task<ArticleView?> ViewAsync(IQueryable<Article> query, CancellationToken ct)
    {
        var row = await query.AsNoTracking()
            .Select(a => new
            {
                a.Id, a.Title, a.Dek, a.BodyHtml, a.SectionId, a.PublishedAt, a.UpdatedAt, a.WordCount, a.Comments, a.Slug, SectionPath = a.Section.Path, a.MetaDescription,
                // In the same command: an article has few notes, and most none.
                Notes = db.ArticleCorrections.Where(c => c.ArticleId == a.Id).ToList(),
                Image = a.FeaturedImage == null ? null : new Media.MediaColumns(
                    a.FeaturedImage.Id, a.FeaturedImage.Key, a.FeaturedImage.Format, a.FeaturedImage.Widths, a.FeaturedImage.Width, a.FeaturedImage.Height,
                    a.FeaturedImage.Alt, a.FeaturedImage.Caption, a.FeaturedImage.Credit),
                Social = a.SocialImage == null ? null : new Media.MediaColumns(
                    a.SocialImage.Id, a.SocialImage.Key, a.SocialImage.Format, a.SocialImage.Widths, a.SocialImage.Width, a.SocialImage.Height,
                    a.SocialImage.Alt, a.SocialImage.Caption, a.SocialImage.Credit),
            })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var tags = await db.Articles.AsNoTracking().Where(a => a.Id == row.Id).SelectMany(a => a.Tags)
            .OrderBy(t => t.Name).Select(t => new NamedLink(t.Name, SitePaths.Tag(t.Slug), t.Id)).ToListAsync(ct);
        return new ArticleView(
            row.Id, row.Title, row.Dek, row.BodyHtml, row.SectionId, SitePaths.Article(row.SectionPath, row.Slug),
            AsUtc(row.PublishedAt ?? row.UpdatedAt), AsUtc(row.UpdatedAt), [.. (await AuthorsOfAsync(db, [row.Id], ct))[row.Id]], tags, row.WordCount, row.Comments, row.MetaDescription,
            row.Image?.Show(media), row.Social?.Show(media), Corrections.CorrectionsLog.ViewsOf(row.Notes));
    }

    /// <summary>
    /// The authors of some articles, by article, in a query of their own: folded into the articles' query as a
    /// collection, it becomes a join against the whole author link table, which SQLite reads in full every time.
    /// </summary>
    /// <summary>
    /// The bylines of these articles, in name order, asked for by id: joined into a listing's own query, SQLite would
    /// first build the whole article–byline join (85 ms at 100,000 articles).
    /// </summary>
    public static async Task<ILookup<int, NamedLink>> AuthorsOfAsync(BroadsheetDb db, IReadOnlyCollection<int> articleIds, CancellationToken ct) =>
        (await db.Articles.AsNoTracking().Where(a => articleIds.Contains(a.Id))
            .SelectMany(a => a.Authors, (a, x) => new { ArticleId = a.Id, x.Id, x.Name, x.Slug })
            .ToListAsync(ct))
        .OrderBy(x => x.Name, StringComparer.Ordinal)
        .ToLookup(x => x.ArticleId, x => new NamedLink(x.Name, SitePaths.Author(x.Slug), x.Id));

    /// <summary>The current public path of an article, for redirects from its old URLs.</summary>
    public async Task<string?> PublicUrlAsync(int id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(now)).Where(a => a.Id == id)
            .Select(a => new { a.Slug, a.Section.Path }).SingleOrDefaultAsync(ct);
        return row is null ? null : SitePaths.Article(row.Path, row.Slug);
    }

    /// <summary>SQLite hands DateTime back as Unspecified; everything stored is UTC.</summary>
    public static DateTime AsUtc(DateTime? value) => DateTime.SpecifyKind(value ?? default, DateTimeKind.Utc);
}
