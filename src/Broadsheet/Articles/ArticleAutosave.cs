using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

/// <summary>
/// What the editor had typed into an article and not saved, sent by the page every half minute and as the tab
/// closes: one per member and article, on the server, so it survives a closed tab, a crash or another device. It
/// remembers the version it was typed on, so restoring it over a colleague's later save shows the conflict.
/// </summary>
public sealed class ArticleAutosave
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int UserId { get; set; }
    public int BasedOnVersion { get; set; }
    public required string Title { get; set; }
    public string? Dek { get; set; }
    public required string BodyMarkdown { get; set; }
    public DateTime SavedAt { get; set; }
}

public sealed class ArticleAutosaveConfiguration : IEntityTypeConfiguration<ArticleAutosave>
{
    public void Configure(EntityTypeBuilder<ArticleAutosave> autosave)
    {
        autosave.Property(a => a.Title).HasMaxLength(ArticleInput.TitleMaxLength);
        autosave.Property(a => a.Dek).HasMaxLength(ArticleInput.DekMaxLength);
        autosave.HasIndex(a => new { a.ArticleId, a.UserId }).IsUnique();
        autosave.HasOne<Article>().WithMany().HasForeignKey(a => a.ArticleId).OnDelete(DeleteBehavior.Cascade);
        autosave.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Keeping, finding and dropping a member's autosaved text of an article.</summary>
public sealed class ArticleAutosaves(BroadsheetDb db, TimeProvider clock)
{
    /// <summary>Keeps the text if the member may edit the article; Saved with null when there was nothing new to keep.</summary>
    public async Task<EditResult<ArticleAutosave?>> KeepAsync(int articleId, Actor by, int basedOnVersion, string? title, string? dek, string? body, CancellationToken ct)
    {
        if (await db.Articles.AsNoTracking().SingleOrDefaultAsync(a => a.Id == articleId, ct) is not { } article)
        {
            return new Missing<ArticleAutosave?>();
        }
        if (by.UserId is not { } userId)
        {
            return new Forbidden<ArticleAutosave?>("Autosaving needs a member's sign-in.");
        }
        if (ArticlePermissions.WhyNotEdit(by, ArticleStake.Of(article), article.Status) is { } notAllowed)
        {
            return new Forbidden<ArticleAutosave?>(notAllowed);
        }
        var input = new ArticleInput { Title = title ?? "", Dek = dek ?? "", Body = body ?? "" }.Cleaned();
        if (Validation.Errors(input) is { Count: > 0 } errors)
        {
            return new Invalid<ArticleAutosave?>(errors);
        }
        var kept = await db.ArticleAutosaves.SingleOrDefaultAsync(a => a.ArticleId == articleId && a.UserId == userId, ct);
        var same = (input.Title, input.Dek ?? "", input.Body) == (article.Title, article.Dek ?? "", article.BodyMarkdown);
        if (same)
        {
            // Back to what is saved: nothing to offer later.
            if (kept is not null)
            {
                db.ArticleAutosaves.Remove(kept);
                await db.SaveChangesAsync(ct);
            }
            return new Saved<ArticleAutosave?>(null);
        }
        kept ??= db.ArticleAutosaves.Add(new ArticleAutosave { ArticleId = articleId, UserId = userId, Title = "", BodyMarkdown = "" }).Entity;
        (kept.Title, kept.Dek, kept.BodyMarkdown) = (input.Title!, input.Dek is { Length: > 0 } d ? d : null, input.Body!);
        (kept.BasedOnVersion, kept.SavedAt) = (basedOnVersion, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return new Saved<ArticleAutosave?>(kept);
    }

    /// <summary>The member's autosaved text of the article, when it differs from what is saved.</summary>
    public async Task<ArticleAutosave?> FindAsync(Article article, Actor by, CancellationToken ct)
    {
        var kept = await db.ArticleAutosaves.AsNoTracking().SingleOrDefaultAsync(a => a.ArticleId == article.Id && a.UserId == by.UserId, ct);
        return kept is not null && (kept.Title, kept.Dek ?? "", kept.BodyMarkdown) != (article.Title, article.Dek ?? "", article.BodyMarkdown) ? kept : null;
    }

    public Task DropAsync(int articleId, Actor by, CancellationToken ct) =>
        db.ArticleAutosaves.Where(a => a.ArticleId == articleId && a.UserId == by.UserId).ExecuteDeleteAsync(ct);
}
