using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.StaticPages;

public sealed record StaticPageInput
{
    [StringLength(300, ErrorMessage = "The title must be at most 300 characters.")]
    public string? Title { get; init; }

    /// <summary>The page's address; a changed slug keeps the old address answering with a 301.</summary>
    public string? Slug { get; init; }

    [StringLength(200_000, ErrorMessage = "The body must be at most 200,000 characters.")]
    public string? Body { get; init; }

    public StaticPageInput Cleaned() => this with
    {
        Title = Title is null ? null : CleanText.Line(Title), Slug = Slug?.Trim(), Body = Body is null ? null : CleanText.Block(Body),
    };
}

public sealed record StaticPageResource(int Id, string Title, string Slug, string Body, string BodyHtml, DateTime UpdatedAt, string Url);

/// <summary>/api/v1/pages: About, Contact and the like, served at "/{slug}/".</summary>
public static class StaticPageEndpoints
{
    public static IEndpointRouteBuilder MapStaticPageEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/pages").WithTags("Pages");
        api.MapGet("/", ListPages).WithName("ListPages");
        api.MapGet("/{id:int}", GetPage).WithName("GetPage");
        api.MapPost("/", CreatePage).WithName("CreatePage").RequireAuthorization(Roles.EditorPolicy);
        api.MapPatch("/{id:int}", UpdatePage).WithName("UpdatePage").RequireAuthorization(Roles.EditorPolicy);
        api.MapDelete("/{id:int}", DeletePage).WithName("DeletePage").RequireAuthorization(Roles.EditorPolicy);
        return app;
    }

    private static async Task<Ok<Paged<StaticPageResource>>> ListPages(BroadsheetDb db, HttpContext http, CancellationToken ct)
    {
        var pages = await db.StaticPages.AsNoTracking().OrderBy(p => p.Title).ToListAsync(ct);
        return TypedResults.Ok(new Paged<StaticPageResource>([.. pages.Select(p => Resource(p, http.Request))], null));
    }

    private static async Task<Results<Ok<StaticPageResource>, ProblemHttpResult>> GetPage(int id, BroadsheetDb db, HttpContext http, CancellationToken ct) =>
        await db.StaticPages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } page
            ? TypedResults.Ok(Resource(page, http.Request))
            : Problems.NotFound("page");

    private static async Task<Results<Created<StaticPageResource>, ProblemHttpResult>> CreatePage(
        StaticPageInput input, StaticPageEditing editing, HttpContext http, CancellationToken ct) =>
        await editing.CreateAsync(input, ct) switch
        {
            Saved<StaticPage> saved => TypedResults.Created($"/api/v1/pages/{saved.Value.Id}", Resource(saved.Value, http.Request)),
            Invalid<StaticPage> invalid => Problems.Unprocessable(invalid.Errors),
            _ => throw new System.Diagnostics.UnreachableException(),
        };

    private static async Task<Results<Ok<StaticPageResource>, ProblemHttpResult>> UpdatePage(
        int id, StaticPageInput input, StaticPageEditing editing, HttpContext http, CancellationToken ct) =>
        await editing.UpdateAsync(id, input, ct) switch
        {
            Saved<StaticPage> saved => TypedResults.Ok(Resource(saved.Value, http.Request)),
            Invalid<StaticPage> invalid => Problems.Unprocessable(invalid.Errors),
            _ => Problems.NotFound("page"),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeletePage(int id, StaticPageEditing editing, CancellationToken ct) =>
        await editing.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("page");

    private static StaticPageResource Resource(StaticPage p, HttpRequest request) =>
        new(p.Id, p.Title, p.Slug, p.BodyMarkdown, p.BodyHtml, ArticleQueries.AsUtc(p.UpdatedAt), request.Absolute(p.Url));
}

public sealed class StaticPageEditing(BroadsheetDb db, TimeProvider clock, MarkdownRenderer markdown, Caching.PageCache pages)
{
    public async Task<EditResult<StaticPage>> CreateAsync(StaticPageInput input, CancellationToken ct)
    {
        input = input.Cleaned();
        var errors = new FieldErrors();
        errors.AddAll(Validation.Errors(input));
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add("title", "Please enter a title.");
        }
        if (string.IsNullOrWhiteSpace(input.Body))
        {
            errors.Add("body", "Please enter the page body.");
        }
        var slug = input.Slug ?? Slug.From(input.Title ?? "");
        await CheckSlugAsync(slug, errors, ct);
        if (errors.Any || input is not { Title: { } title, Body: { } body })
        {
            return new Invalid<StaticPage>(errors.ToDictionary());
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var page = new StaticPage { Title = title.Trim(), Slug = slug, BodyMarkdown = body, BodyHtml = markdown.Render(body).Html, CreatedAt = now, UpdatedAt = now };
        db.StaticPages.Add(page);
        await db.SaveChangesAsync(ct);
        return new Saved<StaticPage>(page);
    }

    public async Task<EditResult<StaticPage>> UpdateAsync(int id, StaticPageInput input, CancellationToken ct)
    {
        input = input.Cleaned();
        if (await db.StaticPages.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } page)
        {
            return new Missing<StaticPage>();
        }
        var errors = new FieldErrors();
        errors.AddAll(Validation.Errors(input));
        if (input.Title is not null && string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add("title", "Please enter a title.");
        }
        if (input.Body is not null && string.IsNullOrWhiteSpace(input.Body))
        {
            errors.Add("body", "Please enter the page body.");
        }
        if (input.Slug is not null && input.Slug != page.Slug)
        {
            await CheckSlugAsync(input.Slug, errors, ct);
        }
        if (errors.Any)
        {
            return new Invalid<StaticPage>(errors.ToDictionary());
        }
        if (input.Slug is not null && input.Slug != page.Slug)
        {
            // The old address keeps answering, with a 301 to the new one.
            var redirect = new UrlRedirect { OldPath = page.Slug, PageId = page.Id, CreatedAt = clock.GetUtcNow().UtcDateTime };
            await UrlRedirect.RememberAsync(db, redirect, input.Slug, ct);
            page.Slug = input.Slug;
        }
        page.Title = input.Title?.Trim() ?? page.Title;
        if (input.Body is not null)
        {
            (page.BodyMarkdown, page.BodyHtml) = (input.Body, markdown.Render(input.Body).Html);
        }
        page.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await pages.PurgeAsync([Caching.PageTags.StaticPage(page.Id)], ct);
        return new Saved<StaticPage>(page);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct)
    {
        if (await db.StaticPages.Where(p => p.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return false;
        }
        await pages.PurgeAsync([Caching.PageTags.StaticPage(id)], ct);
        return true;
    }

    private async Task CheckSlugAsync(string slug, FieldErrors errors, CancellationToken ct)
    {
        if (!Slug.IsValid(slug))
        {
            errors.Add("slug", Slug.InvalidMessage);
        }
        else if (SitePaths.IsReservedTopLevel(slug))
        {
            errors.Add("slug", SitePaths.ReservedMessage(slug));
        }
        else if (await db.StaticPages.AnyAsync(p => p.Slug == slug, ct) || await db.Sections.AnyAsync(s => s.Path == slug, ct))
        {
            errors.Add("slug", "Another page or section already uses this slug.");
        }
    }
}
