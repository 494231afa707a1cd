using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Newsletters;

public enum NewsletterKind
{
    /// <summary>The day's published articles, built and sent on a schedule (of the whole site, or of one section).</summary>
    Digest,

    /// <summary>One article, sent from its editor as breaking news.</summary>
    Alert,
}

/// <summary>
/// A newsletter readers can subscribe to. The site starts with a daily digest and a breaking-news alert; editors add
/// one per section, rename them and retire them (a retired list takes no sign-ups and sends nothing, and its
/// subscribers' history stays for the figures).
/// </summary>
public sealed class NewsletterList
{
    public const int NameMaxLength = 80;
    public const int DescriptionMaxLength = 300;

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public NewsletterKind Kind { get; set; }

    /// <summary>A digest of one section (and the sections inside it); null for the whole site.</summary>
    public int? SectionId { get; set; }

    /// <summary>A digest's time of day, in the site's time zone, as minutes after midnight.</summary>
    public int SendAtMinutes { get; set; } = 7 * 60;

    /// <summary>A digest goes out by itself at <see cref="SendAtMinutes"/>; otherwise an editor sends it by hand.</summary>
    public bool SendsAutomatically { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }

    public bool IsRetired => RetiredAt is not null;
}

public sealed class NewsletterListConfiguration : IEntityTypeConfiguration<NewsletterList>
{
    public void Configure(EntityTypeBuilder<NewsletterList> list)
    {
        list.ToTable("NewsletterLists");
        list.Property(l => l.Slug).HasMaxLength(60);
        list.HasIndex(l => l.Slug).IsUnique();
        list.Property(l => l.Name).HasMaxLength(NewsletterList.NameMaxLength);
        list.Property(l => l.Description).HasMaxLength(NewsletterList.DescriptionMaxLength);
        list.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        list.HasOne<Sections.Section>().WithMany().HasForeignKey(l => l.SectionId).OnDelete(DeleteBehavior.SetNull);
        list.Ignore(l => l.IsRetired);
    }
}
