using System.ComponentModel.DataAnnotations;
using Broadsheet.Infrastructure.Text;

namespace Broadsheet.Sections;

/// <summary>Create (POST) or change (PATCH) a section. <see cref="Parent"/> is the parent's slug; "" moves it to the top.</summary>
public sealed record SectionInput
{
    [StringLength(120, ErrorMessage = "The name must be at most 120 characters.")]
    public string? Name { get; init; }

    public string? Slug { get; init; }

    public string? Parent { get; init; }

    public int? Position { get; init; }

    public SectionInput Cleaned() => this with { Name = Name is null ? null : CleanText.Line(Name), Slug = Slug?.Trim(), Parent = Parent?.Trim() };
}

/// <summary>The API's answer for a section (PRODUCT.md: {id, name, slug, path, parent, url}).</summary>
public sealed record SectionResource(int Id, string Name, string Slug, string Path, string? Parent, int Position, string Url);
