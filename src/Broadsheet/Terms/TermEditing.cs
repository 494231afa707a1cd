using Broadsheet.Articles;
using Broadsheet.Authors;
using Broadsheet.Caching;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Tags;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Terms;

/// <summary>What tags and bylines have in common: a name, and a slug that makes their public URL.</summary>
public interface ITerm
{
    int Id { get; }
    string Name { get; set; }
    string Slug { get; set; }
    string Url { get; }
}

/// <summary>Tags and bylines, which the admin renames, merges and deletes the same way.</summary>
public enum TermKind
{
    Tag,
    Author,
}

/// <summary>How an admin page speaks of a kind of term, and where its pages are.</summary>
public sealed record TermWords(TermKind Kind, string Plural, string Singular, string AdminPath, string PublicPrefix)
{
    public static readonly TermWords Tags = new(TermKind.Tag, "Tags", "tag", "/admin/tags", "tag");
    public static readonly TermWords Authors = new(TermKind.Author, "Bylines", "byline", "/admin/authors", "author");

    public static TermWords? FromRoute(string? kind) => kind switch { "tags" => Tags, "authors" => Authors, _ => null };
}

/// <summary>A tag or byline as the admin lists it.</summary>
public sealed record TermRow(int Id, string Name, string Slug, string Url, int Articles, string? Bio);

/// <summary>
/// Renaming, merging and deleting tags and bylines. A changed slug keeps the old URL answering with a 301; a merge
/// moves every article of one onto the other and sends the old URL (and any it had inherited) there; a delete takes
/// the term off its articles and its URL answers 404. The caches of every page that showed it are purged.
/// </summary>
public sealed class TermEditing(BroadsheetDb db, TimeProvider clock, PageCache pages, Search.SearchIndex search)
{
    public const int NameMaxLength = 120;

    public async Task<IReadOnlyList<TermRow>> ListAsync(TermKind kind, string? text, int limit, CancellationToken ct)
    {
        var slug = Slug.From(text ?? "");
        return kind == TermKind.Tag
            ? await db.Tags.AsNoTracking().Where(t => slug.Length == 0 || t.Slug.Contains(slug)).OrderBy(t => t.Slug).Take(limit)
                .Select(t => new TermRow(t.Id, t.Name, t.Slug, SitePaths.Tag(t.Slug), db.Articles.Count(a => a.Tags.Any(x => x.Id == t.Id)), null)).ToListAsync(ct)
            : await db.Authors.AsNoTracking().Where(t => slug.Length == 0 || t.Slug.Contains(slug)).OrderBy(t => t.Slug).Take(limit)
                .Select(t => new TermRow(t.Id, t.Name, t.Slug, SitePaths.Author(t.Slug), db.Articles.Count(a => a.Authors.Any(x => x.Id == t.Id)), t.Bio)).ToListAsync(ct);
    }

    public async Task<TermRow?> FindAsync(TermKind kind, int id, CancellationToken ct) =>
        kind == TermKind.Tag
            ? await db.Tags.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new TermRow(t.Id, t.Name, t.Slug, SitePaths.Tag(t.Slug), db.Articles.Count(a => a.Tags.Any(x => x.Id == t.Id)), null)).SingleOrDefaultAsync(ct)
            : await db.Authors.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new TermRow(t.Id, t.Name, t.Slug, SitePaths.Author(t.Slug), db.Articles.Count(a => a.Authors.Any(x => x.Id == t.Id)), t.Bio)).SingleOrDefaultAsync(ct);

    public async Task<EditResult<ITerm>> CreateAsync(TermKind kind, string? name, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var cleaned = CleanText.Line(name ?? "").Trim();
        var slug = Slug.From(cleaned);
        CheckName(errors, cleaned, slug);
        if (!errors.Any && await FindBySlugAsync(kind, slug, ct) is not null)
        {
            errors.Add("name", kind == TermKind.Tag ? "A tag with this name already exists." : "A byline with this name already exists.");
        }
        if (errors.Any)
        {
            return new Invalid<ITerm>(errors.ToDictionary());
        }
        ITerm term = kind == TermKind.Tag
            ? db.Tags.Add(new Tag { Name = cleaned, Slug = slug }).Entity
            : db.Authors.Add(new Author { Name = cleaned, Slug = slug }).Entity;
        await db.SaveChangesAsync(ct);
        return new Saved<ITerm>(term);
    }

    /// <summary>Renames the term; a new slug (null: keep it) moves its URL and keeps the old one answering with a 301.</summary>
    public async Task<EditResult<ITerm>> RenameAsync(TermKind kind, int id, string? name, string? slug, string? bio, CancellationToken ct)
    {
        if (await FindEntityAsync(kind, id, ct) is not { } term)
        {
            return new Missing<ITerm>();
        }
        var errors = new FieldErrors();
        var cleaned = CleanText.Line(name ?? term.Name).Trim();
        var wanted = string.IsNullOrWhiteSpace(slug) ? term.Slug : slug.Trim();
        CheckName(errors, cleaned, Slug.From(cleaned));
        if (!Slug.IsValid(wanted))
        {
            errors.Add("slug", Slug.InvalidMessage);
        }
        else if (wanted != term.Slug && await FindBySlugAsync(kind, wanted, ct) is not null)
        {
            errors.Add("slug", "Another one already uses this slug: merge them instead.");
        }
        if (bio is { Length: > 2000 })
        {
            errors.Add("bio", "The biography must be at most 2,000 characters.");
        }
        if (errors.Any)
        {
            return new Invalid<ITerm>(errors.ToDictionary());
        }
        term.Name = cleaned;
        if (term is Author author && bio is not null)
        {
            author.Bio = CleanText.Block(bio).Trim() is { Length: > 0 } text ? text : null;
        }
        if (wanted != term.Slug)
        {
            var oldPath = PathOf(kind, term.Slug);
            term.Slug = wanted;
            await UrlRedirect.RememberAsync(db, Redirect(kind, oldPath, id), PathOf(kind, wanted), ct);
        }
        await db.SaveChangesAsync(ct);
        await search.UpdateAsync(await search.CarryingAsync(kind, id, ct), ct);
        await PurgeAsync(kind, [id], ct);
        return new Saved<ITerm>(term);
    }

    /// <summary>Puts every article of one term on the other, deletes the first and sends its URL to the second.</summary>
    public async Task<EditResult<ITerm>> MergeAsync(TermKind kind, int fromId, string? intoName, CancellationToken ct)
    {
        var from = await FindEntityAsync(kind, fromId, ct);
        if (from is null)
        {
            return new Missing<ITerm>();
        }
        var into = await FindBySlugAsync(kind, Slug.From(intoName ?? ""), ct);
        if (into is null || into.Id == fromId)
        {
            return new Invalid<ITerm>(new Dictionary<string, string[]>
            {
                ["into"] = [into is null ? $"There is no {(kind == TermKind.Tag ? "tag" : "byline")} named “{intoName}” to merge into." : "Choose another one to merge into."],
            });
        }
        var carrying = await search.CarryingAsync(kind, fromId, ct);
        if (kind == TermKind.Tag)
        {
            await MoveArticlesAsync(db.Articles.Include(a => a.Tags).Where(a => a.Tags.Any(t => t.Id == fromId)), a => a.Tags, fromId, (Tag)into, ct);
        }
        else
        {
            await MoveArticlesAsync(db.Articles.Include(a => a.Authors).Where(a => a.Authors.Any(t => t.Id == fromId)), a => a.Authors, fromId, (Author)into, ct);
        }
        // Paths that led to the merged term (its own earlier slugs) lead to the one it joined.
        int? intoId = into.Id;
        if (kind == TermKind.Tag)
        {
            await db.UrlRedirects.Where(r => r.TagId == fromId).ExecuteUpdateAsync(r => r.SetProperty(x => x.TagId, intoId), ct);
        }
        else
        {
            await db.UrlRedirects.Where(r => r.AuthorId == fromId).ExecuteUpdateAsync(r => r.SetProperty(x => x.AuthorId, intoId), ct);
        }
        var oldPath = PathOf(kind, from.Slug);
        db.Remove(from);
        await UrlRedirect.RememberAsync(db, Redirect(kind, oldPath, into.Id), PathOf(kind, into.Slug), ct);
        await db.SaveChangesAsync(ct);
        await search.UpdateAsync(carrying, ct);
        await PurgeAsync(kind, [fromId, into.Id], ct);
        return new Saved<ITerm>(into);
    }

    /// <summary>Takes the term off its articles and deletes it; its URL answers 404 from then on.</summary>
    public async Task<bool> DeleteAsync(TermKind kind, int id, CancellationToken ct)
    {
        var carrying = await search.CarryingAsync(kind, id, ct);
        var deleted = kind == TermKind.Tag
            ? await db.Tags.Where(t => t.Id == id).ExecuteDeleteAsync(ct)
            : await db.Authors.Where(t => t.Id == id).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            await search.UpdateAsync(carrying, ct);
            await PurgeAsync(kind, [id], ct);
        }
        return deleted > 0;
    }

    /// <summary>Where an old tag or byline slug now leads (a rename or merge), or null.</summary>
    public async Task<string?> MovedToAsync(TermKind kind, string slug, CancellationToken ct)
    {
        var oldPath = PathOf(kind, slug);
        var redirect = await db.UrlRedirects.AsNoTracking().SingleOrDefaultAsync(r => r.OldPath == oldPath, ct);
        return kind switch
        {
            TermKind.Tag when redirect?.TagId is { } tagId => await db.Tags.Where(t => t.Id == tagId).Select(t => SitePaths.Tag(t.Slug)).SingleOrDefaultAsync(ct),
            TermKind.Author when redirect?.AuthorId is { } authorId => await db.Authors.Where(t => t.Id == authorId).Select(t => SitePaths.Author(t.Slug)).SingleOrDefaultAsync(ct),
            _ => null,
        };
    }

    /// <summary>Moves the articles carrying the merged term (loaded with their terms, 500 at a time) onto the other.</summary>
    private async Task MoveArticlesAsync<T>(IQueryable<Article> carrying, Func<Article, List<T>> terms, int fromId, T into, CancellationToken ct) where T : class, ITerm
    {
        var ids = await carrying.Select(a => a.Id).ToListAsync(ct);
        foreach (var batch in ids.Chunk(500))
        {
            foreach (var article in await carrying.Where(a => batch.Contains(a.Id)).AsSplitQuery().ToListAsync(ct))
            {
                var list = terms(article);
                list.RemoveAll(t => t.Id == fromId);
                if (!list.Any(t => t.Id == into.Id))
                {
                    list.Add(into);
                }
                article.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private static void CheckName(FieldErrors errors, string name, string slug)
    {
        if (name.Length == 0 || slug.Length == 0)
        {
            errors.Add("name", "Please enter a name.");
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add("name", $"The name must be at most {NameMaxLength} characters.");
        }
    }

    private async Task<ITerm?> FindEntityAsync(TermKind kind, int id, CancellationToken ct) =>
        kind == TermKind.Tag ? await db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct) : await db.Authors.SingleOrDefaultAsync(t => t.Id == id, ct);

    private async Task<ITerm?> FindBySlugAsync(TermKind kind, string slug, CancellationToken ct) =>
        kind == TermKind.Tag ? await db.Tags.SingleOrDefaultAsync(t => t.Slug == slug, ct) : await db.Authors.SingleOrDefaultAsync(t => t.Slug == slug, ct);

    private static string PathOf(TermKind kind, string slug) => kind == TermKind.Tag ? $"tag/{slug}" : $"author/{slug}";

    private UrlRedirect Redirect(TermKind kind, string oldPath, int id) => new()
    {
        OldPath = oldPath,
        TagId = kind == TermKind.Tag ? id : null,
        AuthorId = kind == TermKind.Author ? id : null,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    private Task PurgeAsync(TermKind kind, int[] ids, CancellationToken ct) => pages.PurgeAsync(kind == TermKind.Tag
        ? ids.SelectMany(id => new[] { PageTags.TagListing(id), PageTags.ShowsTag(id) })
        : ids.SelectMany(id => new[] { PageTags.AuthorListing(id), PageTags.ShowsAuthor(id) }), ct);
}
