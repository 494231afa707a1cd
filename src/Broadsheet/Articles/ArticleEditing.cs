using Broadsheet.Accounts;
using Broadsheet.Authors;
using Broadsheet.Caching;
using Broadsheet.Desk;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Sections;
using Broadsheet.Tags;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>The rules for writing articles: the API, the CLI importers and the demo seeder all go through here.</summary>
public sealed class ArticleEditing(
    BroadsheetDb db, TimeProvider clock, Media.BodyPictures bodies, PageCache pages, DeskRules desk, DeskNotifications notifications, Audit.AuditLog audit, Search.SearchIndex search)
{
    public async Task<EditResult<Article>> CreateAsync(ArticleInput input, Actor by, CancellationToken ct)
    {
        input = input.Cleaned();
        var errors = new FieldErrors();
        errors.AddAll(Validation.Errors(input));
        Require(errors, "title", input.Title, "Please enter a title.");
        Require(errors, "body", input.Body, "Please enter the article body.");
        Require(errors, "section", input.Section, "Please choose a section.");
        var now = clock.GetUtcNow().UtcDateTime;
        var article = new Article { Title = "", Slug = "", BodyMarkdown = "", BodyHtml = "", CreatedAt = now, OwnerId = by.UserId };
        var deskBefore = DeskState.Of(article);
        await ApplyAsync(article, input, errors, ct);
        if (desk.EmbargoBroken(article, deskBefore, now) is { } embargo)
        {
            errors.Add(embargo.Field, embargo.Message);
        }
        if (errors.Any)
        {
            return new Invalid<Article>(errors.ToDictionary());
        }
        var publishing = article.Status != ArticleStatus.Draft;
        if (publishing && !ArticlePermissions.MayPublish(by, ArticleStake.Of(article)))
        {
            return new Forbidden<Article>(ArticlePermissions.ContributorsCannotPublish);
        }
        if (desk.Check(article, deskBefore, by, contentChanged: false, publishing) is { } refused)
        {
            return new Forbidden<Article>(refused);
        }
        if (article.PublishedAt < now)
        {
            // A backdated article (an import, the demo) was last changed when it was published, not today.
            article.UpdatedAt = article.PublishedAt.Value;
        }
        db.Articles.Add(article);
        await db.SaveChangesAsync(ct);
        db.ArticleRevisions.Add(Revision(article, by));
        await db.SaveChangesAsync(ct);
        await search.UpdateAsync([article.Id], ct);
        await pages.ArticleChangedAsync(null, ArticleFootprint.Of(article), ct);
        await notifications.HandOverAsync(article, null, by, ct);
        if (article.Status != ArticleStatus.Draft)
        {
            await audit.RecordAsync(article.Status == ArticleStatus.Scheduled ? Audit.AuditActions.ArticleScheduled : Audit.AuditActions.ArticlePublished,
                article.Title, $"/admin/articles/{article.Id}", ct, by);
        }
        return new Saved<Article>(article);
    }

    /// <summary>
    /// Changes an article. basedOnVersion is the version the edit started from (null: whatever is there now); a save
    /// from an older version is refused as stale, even when two saves race, so nobody's work is silently overwritten.
    /// </summary>
    public async Task<EditResult<Article>> UpdateAsync(int id, ArticleInput input, Actor by, int? basedOnVersion, CancellationToken ct)
    {
        input = input.Cleaned();
        var article = await db.Articles.Include(a => a.Section).Include(a => a.Authors).Include(a => a.Tags)
            .SingleOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return new Missing<Article>();
        }
        if (ArticlePermissions.WhyNotEdit(by, ArticleStake.Of(article), article.Status) is { } notAllowed)
        {
            return new Forbidden<Article>(notAllowed);
        }
        if (basedOnVersion is { } version && version != article.Version)
        {
            return new Stale<Article>(article);
        }
        var errors = new FieldErrors();
        errors.AddAll(Validation.Errors(input));
        if (input.Title is not null)
        {
            Require(errors, "title", input.Title, "Please enter a title.");
        }
        if (input.Body is not null)
        {
            Require(errors, "body", input.Body, "Please enter the article body.");
        }
        var oldPath = ArticlePath(article);
        var before = ArticleFootprint.Of(article);
        var (statusBefore, publishedAtBefore) = (article.Status, article.PublishedAt);
        var deskBefore = DeskState.Of(article);
        var textBefore = (article.Title, article.Dek, article.BodyMarkdown);
        await ApplyAsync(article, input, errors, ct);
        if (desk.EmbargoBroken(article, deskBefore, clock.GetUtcNow().UtcDateTime) is { } embargo)
        {
            errors.Add(embargo.Field, embargo.Message);
        }
        if (errors.Any)
        {
            return new Invalid<Article>(errors.ToDictionary());
        }
        var publicationChanged = article.Status != statusBefore || article.PublishedAt != publishedAtBefore;
        if (publicationChanged && article.Status != ArticleStatus.Draft && !ArticlePermissions.MayPublish(by, ArticleStake.Of(article)))
        {
            return new Forbidden<Article>(ArticlePermissions.ContributorsCannotPublish);
        }
        // Rescheduling an article that was already public or scheduled is not publishing it: it was let through then.
        var publishing = statusBefore == ArticleStatus.Draft && article.Status != ArticleStatus.Draft;
        var contentChanged = (article.Title, article.Dek, article.BodyMarkdown) != textBefore;
        if (desk.Check(article, deskBefore, by, contentChanged, publishing) is { } refused)
        {
            return new Forbidden<Article>(refused);
        }
        if (ArticlePath(article) != oldPath)
        {
            var redirect = new UrlRedirect { OldPath = oldPath, ArticleId = article.Id, CreatedAt = clock.GetUtcNow().UtcDateTime };
            await UrlRedirect.RememberAsync(db, redirect, ArticlePath(article), ct);
        }
        article.Version++;
        db.ArticleRevisions.Add(Revision(article, by));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another save of this article landed between our read and our write.
            db.ChangeTracker.Clear();
            return await db.Articles.Include(a => a.Section).Include(a => a.Authors).Include(a => a.Tags).AsSplitQuery()
                .SingleOrDefaultAsync(a => a.Id == id, ct) is { } theirs ? new Stale<Article>(theirs) : new Missing<Article>();
        }
        await search.UpdateAsync([article.Id], ct);
        await pages.ArticleChangedAsync(before, ArticleFootprint.Of(article), ct);
        await notifications.HandOverAsync(article, deskBefore, by, ct);
        if (publishing || (statusBefore != ArticleStatus.Draft && article.Status == ArticleStatus.Draft))
        {
            await audit.RecordAsync(
                !publishing ? Audit.AuditActions.ArticleUnpublished : article.Status == ArticleStatus.Scheduled ? Audit.AuditActions.ArticleScheduled : Audit.AuditActions.ArticlePublished,
                article.Title, $"/admin/articles/{article.Id}", ct, by);
        }
        // What this member had autosaved is in the article now.
        await db.ArticleAutosaves.Where(a => a.ArticleId == id && a.UserId == by.UserId).ExecuteDeleteAsync(ct);
        return new Saved<Article>(article);
    }

    public async Task<EditResult<Article>> DeleteAsync(int id, Actor by, CancellationToken ct)
    {
        if (await db.Articles.AsNoTracking().Include(a => a.Authors).Include(a => a.Tags).SingleOrDefaultAsync(a => a.Id == id, ct) is not { } article)
        {
            return new Missing<Article>();
        }
        if (ArticlePermissions.WhyNotEdit(by, ArticleStake.Of(article), article.Status) is { } notAllowed)
        {
            return new Forbidden<Article>(notAllowed);
        }
        await db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync(ct);
        await search.UpdateAsync([id], ct);
        await pages.ArticleChangedAsync(ArticleFootprint.Of(article), null, ct);
        await audit.RecordAsync(Audit.AuditActions.ArticleDeleted, article.Title, null, ct, by);
        return new Saved<Article>(article);
    }

    private ArticleRevision Revision(Article article, Actor by) => new()
    {
        ArticleId = article.Id,
        Version = article.Version,
        Title = article.Title,
        Dek = article.Dek,
        BodyMarkdown = article.BodyMarkdown,
        Status = ArticleStatuses.Name(article.Status, article.PublishedAt, clock.GetUtcNow().UtcDateTime),
        SavedAt = article.UpdatedAt,
        SavedById = by.UserId,
        SavedBy = by.Name,
    };

    private static string ArticlePath(Article article) => $"{article.Section.Path}/{article.Slug}";

    private static void Require(FieldErrors errors, string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, message);
        }
    }

    private async Task ApplyAsync(Article article, ArticleInput input, FieldErrors errors, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (input.Title is not null)
        {
            article.Title = input.Title.Trim();
        }
        if (input.Dek is not null)
        {
            article.Dek = input.Dek.Trim() is { Length: > 0 } dek ? dek : null;
        }
        if (input.MetaDescription is not null)
        {
            article.MetaDescription = input.MetaDescription.Trim() is { Length: > 0 } description ? description : null;
        }
        if (input.Pinned is { } pinned)
        {
            article.Pinned = pinned;
        }
        if (input.Section is not null)
        {
            var section = await db.Sections.SingleOrDefaultAsync(s => s.Slug == input.Section, ct);
            if (section is null && input.Section.Length > 0)
            {
                errors.Add("section", $"There is no section with the slug '{input.Section}'.");
            }
            article.Section = section ?? article.Section;
        }
        await ApplySlugAsync(article, input, errors, ct);
        ApplyStatus(article, input, now, errors);
        if (input.Body is not null && input.Body != article.BodyMarkdown)
        {
            var rendered = await bodies.RenderAsync(input.Body, ct);
            (article.BodyMarkdown, article.BodyHtml, article.WordCount) = (input.Body, rendered.Html, rendered.WordCount);
        }
        if (input.FeaturedImage is { } featured)
        {
            article.FeaturedImageId = await PictureAsync(featured, "featuredImage", errors, ct) ?? (featured == 0 ? null : article.FeaturedImageId);
        }
        if (input.SocialImage is { } social)
        {
            article.SocialImageId = await PictureAsync(social, "socialImage", errors, ct) ?? (social == 0 ? null : article.SocialImageId);
        }
        if (input.Comments is { } policy)
        {
            errors.AddAll(Validation.Errors(policy).ToDictionary(e => "comments." + e.Key, e => e.Value));
            article.Comments.Apply(policy);
        }
        if (input.Tags is not null)
        {
            article.Tags = await NamedEntities.FindOrCreateAsync(db.Tags, input.Tags, (name, slug) => new Tag { Name = name, Slug = slug }, ct);
        }
        if (input.Authors is not null)
        {
            article.Authors = await NamedEntities.FindOrCreateAsync(db.Authors, input.Authors, (name, slug) => new Author { Name = name, Slug = slug }, ct);
        }
        await desk.ApplyAsync(article, input, errors, ct);
        article.UpdatedAt = now;
    }

    /// <summary>The id when the media library has it; null for 0 (none) or, with a message, for an unknown one.</summary>
    private async Task<int?> PictureAsync(int id, string field, FieldErrors errors, CancellationToken ct)
    {
        if (id == 0)
        {
            return null;
        }
        if (!await db.MediaItems.AnyAsync(m => m.Id == id, ct))
        {
            errors.Add(field, $"There is no picture with the id {id} in the media library.");
            return null;
        }
        return id;
    }

    private async Task ApplySlugAsync(Article article, ArticleInput input, FieldErrors errors, CancellationToken ct)
    {
        if (input.Slug is { } wanted)
        {
            if (!Slug.IsValid(wanted))
            {
                errors.Add("slug", Slug.InvalidMessage);
            }
            else if (wanted == SitePaths.FeedSlug)
            {
                errors.Add("slug", SitePaths.ReservedMessage(wanted));
            }
            else if (await SlugTakenAsync(wanted, article.Id, ct))
            {
                errors.Add("slug", "Another article or section already uses this slug.");
            }
            else
            {
                article.Slug = wanted;
            }
            return;
        }
        if (article.Slug.Length > 0)
        {
            return;
        }
        var stem = Slug.From(article.Title) is { Length: > 0 } fromTitle ? fromTitle : "article";
        var candidate = stem;
        for (var n = 2; await SlugTakenAsync(candidate, article.Id, ct); n++)
        {
            candidate = $"{stem}-{n}";
        }
        article.Slug = candidate;
    }

    private async Task<bool> SlugTakenAsync(string slug, int articleId, CancellationToken ct) =>
        slug == SitePaths.FeedSlug || await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != articleId, ct) || await db.Sections.AnyAsync(s => s.Slug == slug, ct);

    private static void ApplyStatus(Article article, ArticleInput input, DateTime now, FieldErrors errors)
    {
        var status = article.Status;
        if (input.Status is not null)
        {
            if (!ArticleStatuses.TryParse(input.Status, out status))
            {
                errors.Add("status", "Status must be one of draft, scheduled or published.");
                return;
            }
        }
        var publishedAt = input.PublishedAt?.UtcDateTime ?? article.PublishedAt;
        switch (status)
        {
            case ArticleStatus.Scheduled when publishedAt is null:
                errors.Add("publishedAt", "A scheduled article needs publishedAt, the time it goes live.");
                return;
            case ArticleStatus.Published or ArticleStatus.Scheduled:
                publishedAt ??= now;
                status = publishedAt > now ? ArticleStatus.Scheduled : ArticleStatus.Published;
                break;
        }
        (article.Status, article.PublishedAt) = (status, publishedAt);
    }
}
