using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Caching;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Corrections;

/// <summary>What an editor appends: the kind's name (correction, clarification, update), the text, and the note it replaces.</summary>
public sealed record CorrectionInput(string? Kind, string? Text, int? Supersedes);

/// <summary>A note as pages, feeds and the API show it.</summary>
public sealed record CorrectionView(
    int Id, int ArticleId, string Kind, string Text, DateTime CreatedAt, int? SupersedesId, DateTime? SupersedesDate, int? SupersededById, DateTime? SupersededAt)
{
    public bool AtTop => string.Equals(Kind, nameof(CorrectionKind.Correction), StringComparison.OrdinalIgnoreCase);

    /// <summary>"Correction", "Clarification", "Update": how the article and the log head it.</summary>
    public string Label => char.ToUpperInvariant(Kind[0]) + Kind[1..];

    /// <summary>The text's paragraphs, each as plain text for the page to encode.</summary>
    public IReadOnlyList<string> Paragraphs => [.. Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>A line of the public log: the note and the article it belongs to.</summary>
public sealed record CorrectionLogEntry(CorrectionView Note, string ArticleTitle, string ArticleUrl);

/// <summary>
/// Corrections, clarifications and updates appended to published articles by editors: each shows on its article
/// (corrections at the top, the others at the foot), marks the article modified, and is listed on /corrections/ and
/// its feed. None can be changed or deleted; a later note can supersede one, and the log shows both.
/// </summary>
public sealed class CorrectionsLog(BroadsheetDb db, TimeProvider clock, PageCache pages, Audit.AuditLog audit)
{
    public const int PageSize = 50;
    public const string Path = "/corrections/";
    public const string FeedPath = "/corrections/feed/";

    public static readonly IReadOnlyList<string> KindNames = [.. Enum.GetValues<CorrectionKind>().Select(k => k.ToString().ToLowerInvariant())];

    public async Task<EditResult<CorrectionView>> AppendAsync(int articleId, CorrectionInput input, Actor by, CancellationToken ct)
    {
        var article = await db.Articles.Include(a => a.Tags).Include(a => a.Authors).SingleOrDefaultAsync(a => a.Id == articleId, ct);
        if (article is null)
        {
            return new Missing<CorrectionView>();
        }
        if (by.Role < UserRole.Editor)
        {
            return new Forbidden<CorrectionView>("Only editors and administrators append corrections.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        // Public now, whatever its status says: a scheduled article whose time has come is published.
        if (!ArticleStatuses.IsPublic(now).Compile()(article))
        {
            errors.Add("article", "Corrections are appended to published articles; change a draft or a scheduled article itself.");
        }
        CorrectionKind kind = default;
        if (input.Kind is not { } name || !Enum.TryParse(name.Trim(), ignoreCase: true, out kind) || !Enum.IsDefined(kind) || name.Trim().All(char.IsAsciiDigit))
        {
            errors.Add("kind", $"Choose what it is: {string.Join(", ", KindNames)}.");
        }
        var text = CleanText.Block(input.Text ?? "").Trim();
        if (text.Length == 0)
        {
            errors.Add("text", "Please write what was wrong and what is right (or what is new).");
        }
        else if (text.Length > ArticleCorrection.TextMaxLength)
        {
            errors.Add("text", $"A note may be at most {ArticleCorrection.TextMaxLength:N0} characters; this one has {text.Length:N0}.");
        }
        if (input.Supersedes is { } earlier and > 0)
        {
            if (!await db.Set<ArticleCorrection>().AnyAsync(c => c.Id == earlier && c.ArticleId == articleId, ct))
            {
                errors.Add("supersedes", "That note is not one of this article's.");
            }
            else if (await db.Set<ArticleCorrection>().AnyAsync(c => c.SupersedesId == earlier, ct))
            {
                errors.Add("supersedes", "That note has been superseded already: supersede the later one.");
            }
        }
        if (errors.Any)
        {
            return new Invalid<CorrectionView>(errors.ToDictionary());
        }
        var correction = new ArticleCorrection
        {
            ArticleId = articleId, Kind = kind, Text = text, CreatedAt = now, CreatedById = by.UserId, CreatedBy = by.Name,
            SupersedesId = input.Supersedes is > 0 ? input.Supersedes : null,
        };
        db.Add(correction);
        // The article was changed for its readers: its modified date (feeds, JSON-LD, sitemaps) says so. Not a new
        // version of its text: an editor's open form is not in conflict with a note.
        article.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(Audit.AuditActions.CorrectionAppended, $"{kind.ToString().ToLowerInvariant()} to {article.Title}", $"/admin/articles/{articleId}/corrections", ct, by);
        await pages.ArticleChangedAsync(null, ArticleFootprint.Of(article), ct);
        await pages.PurgeAsync([PageTags.Corrections], ct);
        return new Saved<CorrectionView>((await ViewsAsync(db, db.Set<ArticleCorrection>().Where(c => c.Id == correction.Id), ct))[0]);
    }

    /// <summary>An article's notes, oldest first.</summary>
    public Task<List<CorrectionView>> OfArticleAsync(int articleId, CancellationToken ct) => OfArticleAsync(db, articleId, ct);

    public static async Task<List<CorrectionView>> OfArticleAsync(BroadsheetDb db, int articleId, CancellationToken ct) =>
        ViewsOf(await db.ArticleCorrections.AsNoTracking().Where(c => c.ArticleId == articleId).ToListAsync(ct));

    /// <summary>Views of all of one article's notes (which supersedes which is read among them), oldest first.</summary>
    public static List<CorrectionView> ViewsOf(IReadOnlyCollection<ArticleCorrection> notes)
    {
        var byId = notes.ToDictionary(n => n.Id);
        var laterOf = notes.Where(n => n.SupersedesId is not null).GroupBy(n => n.SupersedesId!.Value).ToDictionary(g => g.Key, g => g.First());
        return [.. notes.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Select(n => new CorrectionView(
            n.Id, n.ArticleId, n.Kind.ToString().ToLowerInvariant(), n.Text, ArticleQueries.AsUtc(n.CreatedAt), n.SupersedesId,
            n.SupersedesId is { } earlier && byId.TryGetValue(earlier, out var e) ? ArticleQueries.AsUtc(e.CreatedAt) : null,
            laterOf.TryGetValue(n.Id, out var later) ? later.Id : null, later is null ? null : ArticleQueries.AsUtc(later.CreatedAt)))];
    }

    /// <summary>Notes of public articles, newest first, <see cref="PageSize"/> to a page; the last id of the page for the next.</summary>
    public async Task<(IReadOnlyList<CorrectionLogEntry> Entries, int? Next)> LogAsync(int? before, int size, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Set<ArticleCorrection>().AsNoTracking()
            .Where(c => before == null || c.Id < before)
            .Join(db.Articles.Where(ArticleStatuses.IsPublic(now)), c => c.ArticleId, a => a.Id, (c, a) => new { c.Id, a.Title, a.Slug, a.Section.Path })
            .OrderByDescending(c => c.Id).Take(size + 1).ToListAsync(ct);
        var ids = rows.Take(size).Select(r => r.Id).ToList();
        var views = (await ViewsAsync(db, db.Set<ArticleCorrection>().Where(c => ids.Contains(c.Id)), ct)).ToDictionary(v => v.Id);
        var entries = rows.Take(size).Select(r => new CorrectionLogEntry(views[r.Id], r.Title, SitePaths.Article(r.Path, r.Slug))).ToList();
        return (entries, rows.Count > size ? rows[size - 1].Id : null);
    }

    private static async Task<List<CorrectionView>> ViewsAsync(BroadsheetDb db, IQueryable<ArticleCorrection> which, CancellationToken ct)
    {
        var all = db.Set<ArticleCorrection>().AsNoTracking();
        var rows = await which.AsNoTracking().OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id, c.ArticleId, c.Kind, c.Text, c.CreatedAt, c.SupersedesId,
                SupersedesDate = all.Where(e => e.Id == c.SupersedesId).Select(e => (DateTime?)e.CreatedAt).FirstOrDefault(),
                Later = all.Where(l => l.SupersedesId == c.Id).Select(l => new { l.Id, l.CreatedAt }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new CorrectionView(r.Id, r.ArticleId, r.Kind.ToString().ToLowerInvariant(), r.Text, ArticleQueries.AsUtc(r.CreatedAt),
            r.SupersedesId, r.SupersedesDate is { } d ? ArticleQueries.AsUtc(d) : null, r.Later?.Id, r.Later is { } l ? ArticleQueries.AsUtc(l.CreatedAt) : null))];
    }
}
