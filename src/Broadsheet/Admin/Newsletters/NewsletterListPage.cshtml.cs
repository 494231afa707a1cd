using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Newsletters;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Newsletters;

/// <summary>
/// /admin/newsletters/{id}: one list — rename it, change its section and schedule, retire or reopen it; for a digest,
/// the issue it would send now (the preview) and the button that sends it.
/// </summary>
[Authorize(Policy = Roles.EditorPolicy)]
public sealed class NewsletterListPageModel(
    BroadsheetDb db, NewsletterLists lists, NewsletterEditions editions, Broadsheet.Sections.SectionTreeCache sections, Audit.AuditLog audit) : PageModel
{
    public NewsletterList? List { get; private set; }
    public IssuePreview? Preview { get; private set; }
    public IReadOnlyList<SendRow> Sends { get; private set; } = [];
    public IReadOnlyList<Broadsheet.Sections.SectionNode> SectionChoices { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Refusal { get; private set; }

    [BindProperty]
    public ListInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        Message = done switch
        {
            "created" => "Created. Readers can sign up for it on the site's forms.",
            "saved" => "Saved.",
            "retired" => "Retired: it takes no more sign-ups and sends nothing. Its subscribers stay, should you open it again.",
            "reopened" => "Open again.",
            "sending" => "Sending: the figures below follow it.",
            _ => null,
        };
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var list = List!;
        var tree = await sections.GetAsync(ct);
        Input = new ListInput
        {
            Name = list.Name, Description = list.Description, SendAt = NewsletterLists.SendAtText(list.SendAtMinutes),
            SendsAutomatically = list.SendsAutomatically, Section = list.SectionId is { } section ? tree.ById(section)?.Slug : null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        switch (await lists.UpdateAsync(id, Input, ct))
        {
            case Saved<NewsletterList>:
                return Redirect($"/admin/newsletters/{id}?done=saved");
            case Invalid<NewsletterList> invalid:
                ModelState.AddAll(invalid.Errors);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            default:
                return NotFound();
        }
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(int id, bool retire, CancellationToken ct) =>
        await lists.RetireAsync(id, retire, ct) is Saved<NewsletterList>
            ? Redirect($"/admin/newsletters/{id}?done={(retire ? "retired" : "reopened")}")
            : NotFound();

    public async Task<IActionResult> OnPostSendAsync(int id, CancellationToken ct)
    {
        var me = Actor.From(User)!;
        switch (await editions.StartDigestAsync(id, me.Name, ct))
        {
            case NewsletterSend send:
                await audit.RecordAsync(Audit.AuditActions.NewsletterSent, send.Subject, $"/admin/newsletters/{id}", ct, me);
                return Redirect($"/admin/newsletters/{id}?done=sending");
            case NotStarted refused:
                Refusal = refused.Reason;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        return Page();
    }

    /// <summary>The digest as its readers' mail client shows it (without anyone's own links), under its own policy: an email's inline styles.</summary>
    public async Task<IActionResult> OnGetEmailAsync(int id, [FromServices] NewsletterMail mail, [FromServices] Broadsheet.Articles.ArticleQueries articles, CancellationToken ct)
    {
        if (await db.NewsletterLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct) is not { } list)
        {
            return NotFound();
        }
        IssuePreview? preview = list.Kind == NewsletterKind.Digest ? await editions.PreviewDigestAsync(id, ct) : null;
        var template = mail.Issue(list, preview?.Subject ?? list.Name, null, preview?.Articles ?? []);
        HttpContext.Items[Security.SecurityHeaders.OwnPolicyKey] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; form-action 'none'";
        Response.Headers.CacheControl = "no-store";
        return Content(template.Html.Replace(NewsletterMail.ManagePlaceholder, "#", StringComparison.Ordinal)
            .Replace(NewsletterMail.UnsubscribePlaceholder, "#", StringComparison.Ordinal), "text/html; charset=utf-8");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        List = await db.NewsletterLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (List is null)
        {
            return false;
        }
        ViewData["Title"] = List.Name;
        SectionChoices = (await sections.GetAsync(ct)).All;
        Preview = List.Kind == NewsletterKind.Digest ? await editions.PreviewDigestAsync(id, ct) : null;
        Sends = await NewsletterListsPageModel.SendsAsync(db, id, ct);
        return true;
    }
}
