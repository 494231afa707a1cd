using System.Diagnostics;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Sections;

public static class SectionEndpoints
{
    public static IEndpointRouteBuilder MapSectionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/sections").WithTags("Sections");
        api.MapGet("/", ListSections).WithName("ListSections");
        api.MapGet("/{id:int}", GetSection).WithName("GetSection");
        api.MapPost("/", CreateSection).WithName("CreateSection").RequireAuthorization(Roles.EditorPolicy);
        api.MapPatch("/{id:int}", UpdateSection).WithName("UpdateSection").RequireAuthorization(Roles.EditorPolicy);
        api.MapDelete("/{id:int}", DeleteSection).WithName("DeleteSection").RequireAuthorization(Roles.EditorPolicy);
        return app;
    }

    /// <summary>All sections, parents before children; a site has tens of them, so one page holds them all.</summary>
    private static async Task<Ok<Paged<SectionResource>>> ListSections(SectionTreeCache sections, HttpContext http, CancellationToken ct)
    {
        var tree = await sections.GetAsync(ct);
        var ordered = tree.All.OrderBy(s => s.Path.Count(c => c == '/')).ThenBy(s => s.Position).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase);
        return TypedResults.Ok(new Paged<SectionResource>([.. ordered.Select(s => Resource(s, tree, http.Request))], null));
    }

    private static async Task<Results<Ok<SectionResource>, ProblemHttpResult>> GetSection(int id, SectionTreeCache sections, HttpContext http, CancellationToken ct)
    {
        var tree = await sections.GetAsync(ct);
        return tree.ById(id) is { } section ? TypedResults.Ok(Resource(section, tree, http.Request)) : Problems.NotFound("section");
    }

    private static async Task<Results<Created<SectionResource>, ProblemHttpResult>> CreateSection(
        SectionInput input, SectionEditing editing, HttpContext http, CancellationToken ct)
    {
        switch (await editing.CreateAsync(input, ct))
        {
            case Saved<Section> saved:
                var resource = Resource(saved.Value, http.Request);
                return TypedResults.Created($"/api/v1/sections/{resource.Id}", resource);
            case Invalid<Section> invalid:
                return Problems.Unprocessable(invalid.Errors);
            default:
                throw new UnreachableException();
        }
    }

    private static async Task<Results<Ok<SectionResource>, ProblemHttpResult>> UpdateSection(
        int id, SectionInput input, SectionEditing editing, HttpContext http, CancellationToken ct) =>
        await editing.UpdateAsync(id, input, ct) switch
        {
            Saved<Section> saved => TypedResults.Ok(Resource(saved.Value, http.Request)),
            Invalid<Section> invalid => Problems.Unprocessable(invalid.Errors),
            Missing<Section> => Problems.NotFound("section"),
            _ => throw new UnreachableException(),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSection(int id, SectionEditing editing, CancellationToken ct) =>
        await editing.DeleteAsync(id, ct) switch
        {
            Saved<Section> => TypedResults.NoContent(),
            Invalid<Section> invalid => Problems.Conflict(invalid.Errors.Values.First()[0]),
            _ => Problems.NotFound("section"),
        };

    private static SectionResource Resource(SectionNode s, SectionTree tree, HttpRequest request) =>
        new(s.Id, s.Name, s.Slug, s.Path, s.ParentId is { } parent ? tree.ById(parent)?.Slug : null, s.Position, request.Absolute(s.Url));

    private static SectionResource Resource(Section s, HttpRequest request) =>
        new(s.Id, s.Name, s.Slug, s.Path, s.Parent?.Slug, s.Position, request.Absolute(s.Url));
}
