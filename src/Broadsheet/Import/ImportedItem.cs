using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Import;

/// <summary>
/// What a WordPress id (or an author's login, a term's slug) became here: so a second import of the same export
/// updates instead of duplicating, and the old <c>/?p=ID</c> links find their article.
/// </summary>
public sealed class ImportedItem
{
    public int Id { get; set; }

    /// <summary>post, page, attachment, comment, author, category, tag.</summary>
    public required string Kind { get; set; }

    /// <summary>The WordPress id, or for authors the login and for terms the slug.</summary>
    public required string SourceKey { get; set; }

    /// <summary>The id of the article, page, media item, comment, byline, section or tag it became (0: nothing, e.g. an attachment whose file was not there).</summary>
    public int LocalId { get; set; }

    public DateTime ImportedAt { get; set; }

    public static class Kinds
    {
        public const string Post = "post";
        public const string Page = "page";
        public const string Attachment = "attachment";
        public const string Comment = "comment";
        public const string Author = "author";
        public const string Category = "category";
        public const string Tag = "tag";
    }
}

public sealed class ImportedItemConfiguration : IEntityTypeConfiguration<ImportedItem>
{
    public void Configure(EntityTypeBuilder<ImportedItem> item)
    {
        item.Property(i => i.Kind).HasMaxLength(20);
        item.Property(i => i.SourceKey).HasMaxLength(200);
        item.HasIndex(i => new { i.Kind, i.SourceKey }).IsUnique();
    }
}
