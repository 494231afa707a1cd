using Broadsheet.Accounts;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tags;

public sealed record TagInput
{
    [System.ComponentModel.DataAnnotations.StringLength(120, ErrorMessage = "The name must be at most 120 characters.")]
    public string? Name { get; init; }
}

public sealed record TagResource(int Id, string Name, string Slug, string Url);

/// <summary>Tags are created by naming them on an article or here; the API renames them, and /admin/tags also changes their slug (the old URL answers 301) and merges them.</summary>
public static class TagEndpoints
{
    public static IEndpointRouteBuilder MapTagEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tags").WithTags("Tags");
        api.MapGet("/", ListTags).WithName("ListTags");
        api.MapGet("/{id:int}", GetTag).WithName("GetTag");
        api.MapPost("/", CreateTag).WithName("CreateTag").RequireAuthorization(Roles.EditorPolicy);
        api.MapPatch("/{id:int}", RenameTag).WithName("RenameTag").RequireAuthorization(Roles.EditorPolicy);
        api.MapDelete("/{id:int}", DeleteTag).WithName("DeleteTag").RequireAuthorization(Roles.EditorPolicy);
        return app;
    }

    private static async Task<Results<Ok<Paged<TagResource>>, ProblemHttpResult>> ListTags(
        string? cursor, int? limit, BroadsheetDb db, HttpContext http, CancellationToken ct) =>
        await IdPaging.PageAsync(db.Tags.AsNoTracking(), cursor, limit, newestFirst: false, e => Resource(e, http.Request), e => e.Id, ct) is { } page
            ? TypedResults.Ok(page)
            : Problems.Unprocessable("cursor", IdPaging.BadCursor);

    private static async Task<Results<Ok<TagResource>, ProblemHttpResult>> GetTag(int id, BroadsheetDb db, HttpContext http, CancellationToken ct) =>
        await db.Tags.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct) is { } tag
            ? TypedResults.Ok(Resource(tag, http.Request))
            : Problems.NotFound("tag");

    private static async Task<Results<Created<TagResource>, ProblemHttpResult>> CreateTag(TagInput input, BroadsheetDb db, HttpContext http, CancellationToken ct)
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
        if (await db.Tags.AnyAsync(t => t.Slug == slug, ct))
        {
            return Problems.Unprocessable("name", "A tag with this name already exists.");
        }
        var tag = db.Tags.Add(new Tag { Name = name.Trim(), Slug = slug }).Entity;
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tags/{tag.Id}", Resource(tag, http.Request));
    }

    private static async Task<Results<Ok<TagResource>, ProblemHttpResult>> RenameTag(int id, TagInput input, BroadsheetDb db, Caching.PageCache pages, Search.SearchIndex search, HttpContext http, CancellationToken ct)
    {
        if (Validation.Errors(input) is { Count: > 0 } errors)
        {
            return Problems.Unprocessable(errors);
        }
        if (await db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } tag)
        {
            return Problems.NotFound("tag");
        }
        if (input.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(CleanText.Line(input.Name)))
            {
                return Problems.Unprocessable("name", "Please enter a name.");
            }
            tag.Name = CleanText.Line(input.Name);
        }
        await db.SaveChangesAsync(ct);
        await search.UpdateAsync(await search.CarryingAsync(Terms.TermKind.Tag, id, ct), ct);
        await pages.PurgeAsync([Caching.PageTags.TagListing(id), Caching.PageTags.ShowsTag(id)], ct);
        return TypedResults.Ok(Resource(tag, http.Request));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTag(int id, BroadsheetDb db, Caching.PageCache pages, Search.SearchIndex search, CancellationToken ct)
    {
        var carrying = await search.CarryingAsync(Terms.TermKind.Tag, id, ct);
        if (await db.Tags.Where(t => t.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return Problems.NotFound("tag");
        }
        await search.UpdateAsync(carrying, ct);
        await pages.PurgeAsync([Caching.PageTags.TagListing(id), Caching.PageTags.ShowsTag(id)], ct);
        return TypedResults.NoContent();
    }

    private static TagResource Resource(Tag tag, HttpRequest request) => new(tag.Id, tag.Name, tag.Slug, request.Absolute(tag.Url));
}
