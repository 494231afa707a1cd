using Broadsheet.Accounts;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Authors;

public sealed record AuthorInput
{
    [System.ComponentModel.DataAnnotations.StringLength(120, ErrorMessage = "The name must be at most 120 characters.")]
    public string? Name { get; init; }

    [System.ComponentModel.DataAnnotations.StringLength(2000, ErrorMessage = "The bio must be at most 2,000 characters.")]
    public string? Bio { get; init; }
}

public sealed record AuthorResource(int Id, string Name, string Slug, string? Bio, string Url);

/// <summary>Authors are created by naming them on an article or here; the API renames them, and /admin/authors also changes their slug (the old URL answers 301) and merges them.</summary>
public static class AuthorEndpoints
{
    public static IEndpointRouteBuilder MapAuthorEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/authors").WithTags("Authors");
        api.MapGet("/", ListAuthors).WithName("ListAuthors");
        api.MapGet("/{id:int}", GetAuthor).WithName("GetAuthor");
        api.MapPost("/", CreateAuthor).WithName("CreateAuthor").RequireAuthorization(Roles.EditorPolicy);
        api.MapPatch("/{id:int}", UpdateAuthor).WithName("UpdateAuthor").RequireAuthorization(Roles.EditorPolicy);
        api.MapDelete("/{id:int}", DeleteAuthor).WithName("DeleteAuthor").RequireAuthorization(Roles.EditorPolicy);
        return app;
    }

    private static async Task<Results<Ok<Paged<AuthorResource>>, ProblemHttpResult>> ListAuthors(
        string? cursor, int? limit, BroadsheetDb db, HttpContext http, CancellationToken ct) =>
        await IdPaging.PageAsync(db.Authors.AsNoTracking(), cursor, limit, newestFirst: false, e => Resource(e, http.Request), e => e.Id, ct) is { } page
            ? TypedResults.Ok(page)
            : Problems.Unprocessable("cursor", IdPaging.BadCursor);

    private static async Task<Results<Ok<AuthorResource>, ProblemHttpResult>> GetAuthor(int id, BroadsheetDb db, HttpContext http, CancellationToken ct) =>
        await db.Authors.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } author
            ? TypedResults.Ok(Resource(author, http.Request))
            : Problems.NotFound("author");

    private static async Task<Results<Created<AuthorResource>, ProblemHttpResult>> CreateAuthor(AuthorInput input, BroadsheetDb db, HttpContext http, CancellationToken ct)
    {
        if (Validation.Errors(input) is { Count: > 0 } errors)
        {
            return Problems.Unprocessable(errors);
        }
        var name = CleanText.Line(input.Name ?? "");
        if (Slug.From(name) is not { Length: > 0 } slug)
        {
            return Problems.Unprocessable("name", "Please enter a name.");
        }
        if (await db.Authors.AnyAsync(a => a.Slug == slug, ct))
        {
            return Problems.Unprocessable("name", "An author with this name already exists.");
        }
        var author = db.Authors.Add(new Author { Name = name.Trim(), Slug = slug, Bio = input.Bio?.Trim() }).Entity;
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/authors/{author.Id}", Resource(author, http.Request));
    }

    private static async Task<Results<Ok<AuthorResource>, ProblemHttpResult>> UpdateAuthor(int id, AuthorInput input, BroadsheetDb db, Caching.PageCache pages, Search.SearchIndex search, HttpContext http, CancellationToken ct)
    {
        if (Validation.Errors(input) is { Count: > 0 } errors)
        {
            return Problems.Unprocessable(errors);
        }
        if (await db.Authors.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } author)
        {
            return Problems.NotFound("author");
        }
        if (input.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(CleanText.Line(input.Name)))
            {
                return Problems.Unprocessable("name", "Please enter a name.");
            }
            author.Name = CleanText.Line(input.Name);
        }
        if (input.Bio is not null)
        {
            author.Bio = input.Bio.Trim() is { Length: > 0 } bio ? bio : null;
        }
        await db.SaveChangesAsync(ct);
        await search.UpdateAsync(await search.CarryingAsync(Terms.TermKind.Author, id, ct), ct);
        await pages.PurgeAsync([Caching.PageTags.AuthorListing(id), Caching.PageTags.ShowsAuthor(id)], ct);
        return TypedResults.Ok(Resource(author, http.Request));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAuthor(int id, BroadsheetDb db, Caching.PageCache pages, Search.SearchIndex search, CancellationToken ct)
    {
        var carrying = await search.CarryingAsync(Terms.TermKind.Author, id, ct);
        if (await db.Authors.Where(a => a.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return Problems.NotFound("author");
        }
        await search.UpdateAsync(carrying, ct);
        await pages.PurgeAsync([Caching.PageTags.AuthorListing(id), Caching.PageTags.ShowsAuthor(id)], ct);
        return TypedResults.NoContent();
    }

    private static AuthorResource Resource(Author author, HttpRequest request) => new(author.Id, author.Name, author.Slug, author.Bio, request.Absolute(author.Url));
}
