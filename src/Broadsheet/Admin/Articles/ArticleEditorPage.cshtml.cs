using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Media;
using Broadsheet.Sections;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Articles;

/// <summary>
/// /admin/articles/new and /admin/articles/{id}: the article editor. Every save goes through <see cref="ArticleEditing"/>,
/// as the API's do, so the same roles, rules and messages apply; a save from an older version shows the conflict.
/// </summary>
public sealed class ArticleEditorPageModel(
    BroadsheetDb db, ArticleEditing editing, BodyPictures bodies, SectionTreeCache sections, SiteClock siteClock, TimeProvider clock,
    ArticlePreviewLinks previews, MediaLibrary media, IMediaStore store, Broadsheet.Desk.DeskStages stages, ArticleAutosaves autosaves,
    Broadsheet.Newsletters.NewsletterEditions breakingNews, Audit.AuditLog audit) : PageModel
{
    [BindProperty]
    public ArticleForm Form { get; set; } = new();

    /// <summary>A new featured image's description, uploaded with the save.</summary>
    [BindProperty]
    public Media.MediaDetailsForm FeaturedUpload { get; set; } = new();

    /// <summary>The newest pictures of the library (and those the article uses) to choose from.</summary>
    public IReadOnlyList<ResponsiveImage> Pictures { get; private set; } = [];
    public bool MayUpload { get; private set; }

    public Article? Article { get; private set; }
    public IReadOnlyList<SectionNode> Sections { get; private set; } = [];
    public IReadOnlyList<string> KnownTags { get; private set; } = [];
    public IReadOnlyList<string> KnownAuthors { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Refusal { get; private set; }

    /// <summary>Set when someone else saved first: their article as it now is, next to this editor's unsaved text.</summary>
    public ArticleConflict? Conflict { get; private set; }

    public string? PreviewLink { get; private set; }

    /// <summary>Text this member typed into the article and did not save, kept by the page's autosave.</summary>
    public ArticleAutosave? Autosave { get; private set; }
    public bool MayPublish { get; private set; }

    /// <summary>The desk: its stages (the last is approval, an editor's to give), the members to assign and the editors.</summary>
    public IReadOnlyList<string> Stages { get; private set; } = [];
    public bool MayApprove { get; private set; }

    /// <summary>An author's article not yet approved, where the settings want an editor's approval first.</summary>
    public bool AwaitsApproval { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Members { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Editors { get; private set; } = [];
    public string Status { get; private set; } = "draft";

    /// <summary>Editors may send a public article as breaking news, once: when it went, or null.</summary>
    public DateTime? BreakingSentAt { get; private set; }
    public int BreakingSubscribers { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, string? saved, string? autosave, string? alert, CancellationToken ct)
    {
        if (id is { } articleId)
        {
            if (await LoadAsync(articleId, ct) is not { } article)
            {
                return NotFound();
            }
            if (ArticlePermissions.WhyNotEdit(Me, ArticleStake.Of(article), article.Status) is { } notAllowed)
            {
                Refusal = notAllowed;
                Response.StatusCode = StatusCodes.Status403Forbidden;
            }
            Form = ArticleForm.From(article, siteClock.Zone);
            Autosave = await autosaves.FindAsync(article, Me, ct);
            if (autosave == "restore" && Autosave is { } kept)
            {
                // Saved on the version it was typed on: if a colleague has saved since, the save shows the conflict.
                Form = Form with { Title = kept.Title, Dek = kept.Dek, Body = kept.BodyMarkdown, Version = kept.BasedOnVersion };
                Autosave = null;
                Message = $"Restored the text autosaved at {siteClock.DateAndTime(kept.SavedAt)}. Save to keep it.";
            }
            Message ??= saved switch
            {
                "publish" => "Published.",
                "schedule" => $"Scheduled for {siteClock.DateAndTime(article.PublishedAt ?? default)}.",
                "unpublish" => "Unpublished: the article is a draft again.",
                "review" => "Submitted for review.",
                "approve" => "Approved: it can be published.",
                "save" => "Saved.",
                _ => null,
            };
            if (alert is { Length: > 0 })
            {
                Message = $"{Message} {(alert == "sent" ? "Sending it as breaking news." : $"Not sent as breaking news: {alert}")}".Trim();
            }
        }
        else
        {
            Form = new ArticleForm { Section = (await sections.GetAsync(ct)).All is [var first, ..] ? first.Slug : null };
        }
        await FillChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, string? intent, IFormFile? featuredFile, bool breaking, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        intent ??= "save";
        var formErrors = new Dictionary<string, string[]>();
        if (featuredFile is { Length: > 0 })
        {
            // The picture first: if it is refused, the article is not saved either and the form keeps everything typed.
            if (Me.Role < UserRole.Author)
            {
                formErrors["featuredFile"] = ["Contributors choose pictures from the media library; uploading needs an author or editor."];
            }
            else
            {
                switch (await media.UploadAsync(featuredFile, FeaturedUpload.ToDetails(), Me, ct))
                {
                    case Saved<MediaItem> uploaded:
                        Form = Form with { FeaturedImage = uploaded.Value.Id };
                        FeaturedUpload = new();
                        break;
                    case Invalid<MediaItem> refused:
                        foreach (var (field, messages) in refused.Errors)
                        {
                            formErrors[field == "file" ? "featuredFile" : "featuredUpload." + field] = messages;
                        }
                        break;
                }
            }
        }
        if (intent == "approve")
        {
            Form = Form with { Stage = stages.Approval };
        }
        var input = Form.ToInput(intent, siteClock.Zone, now, (field, message) => formErrors[field] = [message]);
        EditResult<Article> result = formErrors.Count > 0
            ? new Invalid<Article>(formErrors)
            : id is { } articleId
                ? await editing.UpdateAsync(articleId, input, Me, Form.Version, ct)
                : await editing.CreateAsync(input, Me, ct);
        switch (result)
        {
            case Saved<Article> saved:
                var alert = breaking && Me.AtLeast(UserRole.Editor) ? await SendAsBreakingNewsAsync(saved.Value.Id, ct) : "";
                return Redirect($"/admin/articles/{saved.Value.Id}?saved={Uri.EscapeDataString(intent)}{alert}");
            case Missing<Article>:
                return NotFound();
            case Invalid<Article> invalid:
                ModelState.AddAll(invalid.Errors);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            case Forbidden<Article> forbidden:
                Refusal = forbidden.Reason;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
            case Stale<Article> stale:
                Conflict = ArticleConflict.Between(stale.Current, Form, await SavedByAsync(stale.Current, ct));
                // The next save, made knowing what the colleague did, is based on their version.
                Form = Form with { Version = stale.Current.Version };
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }
        db.ChangeTracker.Clear();
        if (id is { } existing)
        {
            await LoadAsync(existing, ct);
        }
        await FillChoicesAsync(ct);
        return Page();
    }

    /// <summary>
    /// The page's autosave: 204 when kept (or nothing new), else the reason as text, which the page only notes. The
    /// answers carry a body so the site's error pages do not stand in for them.
    /// </summary>
    public async Task<IActionResult> OnPostAutosaveAsync(int id, CancellationToken ct)
    {
        (int Status, string Text) answer = await autosaves.KeepAsync(id, Me, Form.Version, Form.Title, Form.Dek, Form.Body, ct) switch
        {
            Saved<ArticleAutosave?> => (StatusCodes.Status204NoContent, ""),
            Missing<ArticleAutosave?> => (StatusCodes.Status404NotFound, "There is no such article."),
            Forbidden<ArticleAutosave?> refused => (StatusCodes.Status403Forbidden, refused.Reason),
            Invalid<ArticleAutosave?> invalid => (StatusCodes.Status422UnprocessableEntity, string.Join(" ", invalid.Errors.SelectMany(e => e.Value))),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        if (answer.Status == StatusCodes.Status204NoContent)
        {
            return StatusCode(answer.Status);
        }
        Response.StatusCode = answer.Status;
        return Content(answer.Text, "text/plain; charset=utf-8");
    }

    public async Task<IActionResult> OnPostDiscardAutosaveAsync(int id, CancellationToken ct)
    {
        await autosaves.DropAsync(id, Me, ct);
        return Redirect($"/admin/articles/{id}");
    }

    /// <summary>The live preview: the body rendered by the public page's own pipeline.</summary>
    public async Task<IActionResult> OnPostPreviewAsync([FromForm(Name = "Form.Body")] string? body, CancellationToken ct) =>
        Content((await bodies.RenderAsync(Broadsheet.Infrastructure.Text.CleanText.Block(body ?? ""), ct)).Html, "text/html; charset=utf-8");

    private Actor Me => Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");

    private async Task<Article?> LoadAsync(int id, CancellationToken ct)
    {
        Article = await db.Articles.AsNoTracking().Include(a => a.Section).Include(a => a.Tags).Include(a => a.Authors).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == id, ct);
        if (Article is { } article)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            Status = article.InReview ? "in review" : ArticleStatuses.Name(article.Status, article.PublishedAt, now);
            PreviewLink = Status == "published" ? null : previews.LinkFor(article.Id);
        }
        return Article;
    }

    private async Task<string> SavedByAsync(Article article, CancellationToken ct) =>
        await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id && r.Version == article.Version)
            .Select(r => r.SavedBy).FirstOrDefaultAsync(ct) ?? "a colleague";

    /// <summary>The "send as breaking news" box: the alert starts once the article is public, and only once.</summary>
    private async Task<string> SendAsBreakingNewsAsync(int articleId, CancellationToken ct)
    {
        switch (await breakingNews.StartAlertAsync(articleId, Me.Name, ct))
        {
            case Broadsheet.Newsletters.NewsletterSend send:
                await audit.RecordAsync(Audit.AuditActions.NewsletterSent, send.Subject, $"/admin/articles/{articleId}", ct, Me);
                return "&alert=sent";
            case Broadsheet.Newsletters.NotStarted refused:
                return "&alert=" + Uri.EscapeDataString(refused.Reason);
            default:
                return "";
        }
    }

    private async Task FillChoicesAsync(CancellationToken ct)
    {
        if (Article is { } current)
        {
            var edition = Broadsheet.Newsletters.NewsletterEditions.AlertEdition(current.Id);
            BreakingSentAt = await db.NewsletterSends.AsNoTracking().Where(s => s.Edition == edition).Select(s => (DateTime?)s.CreatedAt).FirstOrDefaultAsync(ct);
        }
        BreakingSubscribers = await Broadsheet.Newsletters.NewsletterLists.Receiving(db).AsNoTracking()
            .Where(s => db.NewsletterLists.Any(l => l.Id == s.ListId && l.Kind == Broadsheet.Newsletters.NewsletterKind.Alert && l.RetiredAt == null))
            .Select(s => s.SubscriberId).Distinct().CountAsync(ct);
        ViewData["Title"] = Article is null ? "New article" : $"Edit “{Article.Title}”";
        Sections = (await sections.GetAsync(ct)).All;
        KnownTags = await db.Tags.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).Take(2000).ToListAsync(ct);
        KnownAuthors = await db.Authors.AsNoTracking().OrderBy(a => a.Name).Select(a => a.Name).Take(2000).ToListAsync(ct);
        MayPublish = ArticlePermissions.MayPublish(Me, Article is null ? new ArticleStake(Me.UserId, null) : ArticleStake.Of(Article));
        MayUpload = Me.Role >= UserRole.Author;
        Stages = stages.All;
        MayApprove = Me.AtLeast(UserRole.Editor);
        AwaitsApproval = !MayApprove && stages.AuthorsNeedApproval && Article?.Stage != stages.Approval;
        var members = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName, u.Role }).Take(2000).ToListAsync(ct);
        Members = [.. members.Select(u => (u.Id, u.DisplayName))];
        Editors = [.. members.Where(u => u.Role >= UserRole.Editor).Select(u => (u.Id, u.DisplayName))];
        int[] chosen = [Form.FeaturedImage ?? 0, Form.SocialImage ?? 0];
        var pictures = await db.MediaItems.AsNoTracking().OrderByDescending(m => m.Id).Take(200).ToListAsync(ct);
        pictures.AddRange(await db.MediaItems.AsNoTracking().Where(m => chosen.Contains(m.Id)).ToListAsync(ct));
        Pictures = [.. pictures.DistinctBy(m => m.Id).OrderByDescending(m => m.Id).Select(m => ResponsiveImage.From(m, store))];
    }
}
