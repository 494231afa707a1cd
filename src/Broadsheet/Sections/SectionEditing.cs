using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Sections;

/// <summary>The rules for creating, moving, renaming and deleting sections; the API and the seeder both use it.</summary>
public sealed class SectionEditing(BroadsheetDb db, TimeProvider clock, SectionTreeCache trees, Caching.PageCache pages)
{
    public async Task<EditResult<Section>> CreateAsync(SectionInput input, CancellationToken ct)
    {
        input = input.Cleaned();
        var errors = new FieldErrors();
        errors.AddAll(Validation.Errors(input));
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "Please enter a name.");
        }
        var section = new Section { Name = input.Name?.Trim() ?? "", Slug = "", Path = "", Position = input.Position ?? 0 };
        await ApplyPlacementAsync(section, input.Slug ?? Slug.From(input.Name ?? ""), input.Parent, errors, ct);
        if (errors.Any)
        {
            return new Invalid<Section>(errors.ToDictionary());
        }
        section.CreatedAt = section.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.Sections.Add(section);
        await db.SaveChangesAsync(ct);
        trees.Invalidate();
        await pages.SectionsChangedAsync(ct);
        return new Saved<Section>(section);
    }

    public async Task<EditResult<Section>> UpdateAsync(int id, SectionInput input, CancellationToken ct)
    {
        input = input.Cleaned();
        var section = await db.Sections.Include(s => s.Parent).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (section is null)
        {
            return new Missing<Section>();
        }
        var errors = new FieldErrors();
        errors.AddAll(Validation.Errors(input));
        if (input.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(input.Name))
            {
                errors.Add("name", "Please enter a name.");
            }
            section.Name = input.Name.Trim();
        }
        section.Position = input.Position ?? section.Position;
        var oldPath = section.Path;
        await ApplyPlacementAsync(section, input.Slug ?? section.Slug, input.Parent ?? section.Parent?.Slug ?? "", errors, ct);
        if (errors.Any)
        {
            return new Invalid<Section>(errors.ToDictionary());
        }
        section.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (section.Path != oldPath)
        {
            await MoveSubtreeAsync(section, oldPath, ct);
        }
        await db.SaveChangesAsync(ct);
        trees.Invalidate();
        await pages.SectionsChangedAsync(ct);
        return new Saved<Section>(section);
    }

    public async Task<EditResult<Section>> DeleteAsync(int id, CancellationToken ct)
    {
        var section = await db.Sections.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (section is null)
        {
            return new Missing<Section>();
        }
        if (await db.Sections.AnyAsync(s => s.ParentId == id, ct) || await db.Articles.AnyAsync(a => a.SectionId == id, ct))
        {
            return new Invalid<Section>(new Dictionary<string, string[]>
            {
                ["id"] = ["This section still has articles or subsections; move or delete them first."],
            });
        }
        db.Sections.Remove(section);
        await db.SaveChangesAsync(ct);
        trees.Invalidate();
        await pages.SectionsChangedAsync(ct);
        return new Saved<Section>(section);
    }

    /// <summary>
    /// Moves every article and subsection of one section into another, deletes the first and sends its address (and
    /// every address under it, and any it had inherited from earlier renames) to the second with a 301.
    /// </summary>
    public async Task<EditResult<Section>> MergeAsync(int id, string? intoSlug, CancellationToken ct)
    {
        if (await db.Sections.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } from)
        {
            return new Missing<Section>();
        }
        var into = await db.Sections.SingleOrDefaultAsync(s => s.Slug == intoSlug, ct);
        if (into is null || into.Id == id || into.Path.StartsWith(from.Path + "/", StringComparison.Ordinal))
        {
            return new Invalid<Section>(new Dictionary<string, string[]>
            {
                ["into"] = [into is null ? "Choose the section to move everything into." : "Choose a section outside this one."],
            });
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Articles.Where(a => a.SectionId == id).ExecuteUpdateAsync(a => a.SetProperty(x => x.SectionId, into.Id), ct);
        foreach (var child in await db.Sections.Where(s => s.ParentId == id).ToListAsync(ct))
        {
            var oldChildPath = child.Path;
            child.ParentId = into.Id;
            child.Path = $"{into.Path}/{child.Slug}";
            foreach (var descendant in await db.Sections.Where(s => s.Path.StartsWith(oldChildPath + "/")).ToListAsync(ct))
            {
                descendant.Path = child.Path + descendant.Path[oldChildPath.Length..];
            }
        }
        int? intoId = into.Id;
        await db.UrlRedirects.Where(r => r.SectionId == id).ExecuteUpdateAsync(r => r.SetProperty(x => x.SectionId, intoId), ct);
        db.Sections.Remove(from);
        await UrlRedirect.RememberAsync(db, new UrlRedirect { OldPath = from.Path, SectionId = into.Id, CreatedAt = now }, into.Path, ct);
        await db.SaveChangesAsync(ct);
        trees.Invalidate();
        await pages.SectionsChangedAsync(ct);
        return new Saved<Section>(into);
    }

    private async Task ApplyPlacementAsync(Section section, string slug, string? parentSlug, FieldErrors errors, CancellationToken ct)
    {
        Section? parent = null;
        if (!string.IsNullOrEmpty(parentSlug))
        {
            parent = await db.Sections.SingleOrDefaultAsync(s => s.Slug == parentSlug, ct);
            if (parent is null)
            {
                errors.Add("parent", $"There is no section with the slug '{parentSlug}'.");
                return;
            }
            if (section.Id != 0 && (parent.Id == section.Id || parent.Path.StartsWith(section.Path + "/", StringComparison.Ordinal)))
            {
                errors.Add("parent", "A section cannot be placed under itself or one of its subsections.");
                return;
            }
        }
        if (!Slug.IsValid(slug))
        {
            errors.Add("slug", Slug.InvalidMessage);
            return;
        }
        if ((parent is null && SitePaths.IsReservedTopLevel(slug)) || slug == SitePaths.FeedSlug)
        {
            errors.Add("slug", SitePaths.ReservedMessage(slug));
            return;
        }
        if (await db.Sections.AnyAsync(s => s.Slug == slug && s.Id != section.Id, ct) || await db.Articles.AnyAsync(a => a.Slug == slug, ct))
        {
            errors.Add("slug", "Another section or article already uses this slug.");
            return;
        }
        section.Slug = slug;
        section.Parent = parent;
        section.ParentId = parent?.Id;
        section.Path = parent is null ? slug : $"{parent.Path}/{slug}";
    }

    private async Task MoveSubtreeAsync(Section section, string oldPath, CancellationToken ct)
    {
        var descendants = await db.Sections.Where(s => s.Path.StartsWith(oldPath + "/")).ToListAsync(ct);
        foreach (var descendant in descendants)
        {
            descendant.Path = section.Path + descendant.Path[oldPath.Length..];
        }
        var redirect = new UrlRedirect { OldPath = oldPath, SectionId = section.Id, CreatedAt = clock.GetUtcNow().UtcDateTime };
        await UrlRedirect.RememberAsync(db, redirect, section.Path, ct);
    }
}
