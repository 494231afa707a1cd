namespace Broadsheet.Sections;

/// <summary>A section of the site; nested to any depth. <see cref="Path"/> is the slug path, e.g. "europe/russia".</summary>
public sealed class Section
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string Path { get; set; }
    public int? ParentId { get; set; }
    public Section? Parent { get; set; }
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string Url => SitePaths.Section(Path);
}
