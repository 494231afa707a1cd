using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Media;

/// <summary>
/// An uploaded picture: its re-encoded variants (each width in WebP and in the original's format, GIF as PNG) are
/// files under <see cref="Key"/>; the row holds what a page needs to show it: size, alt text, caption and credit.
/// </summary>
public sealed class MediaItem
{
    public int Id { get; set; }

    /// <summary>The variants' common path, e.g. "2024/07/harbour-quay-3fa94c1d": "-640.webp" and "-640.jpg" follow.</summary>
    public required string Key { get; set; }

    /// <summary>The extension of the original-format variants: jpg, png or webp.</summary>
    public required string Format { get; set; }

    public required string OriginalName { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }

    /// <summary>The widths made, smallest first, separated by commas.</summary>
    public required string Widths { get; set; }

    public long Bytes { get; set; }
    public required string Alt { get; set; }
    public string? Caption { get; set; }

    /// <summary>The photographer or agency, shown as "Photo: …".</summary>
    public string? Credit { get; set; }

    public DateTime UploadedAt { get; set; }
    public int? UploadedById { get; set; }

    public IReadOnlyList<int> WidthList => [.. Widths.Split(',').Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];
}

public sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public const int AltMaxLength = 300;
    public const int CaptionMaxLength = 1000;
    public const int CreditMaxLength = 200;

    public void Configure(EntityTypeBuilder<MediaItem> media)
    {
        media.ToTable("MediaItems");
        media.Property(m => m.Key).HasMaxLength(200);
        media.HasIndex(m => m.Key).IsUnique();
        media.Property(m => m.Format).HasMaxLength(8);
        media.Property(m => m.OriginalName).HasMaxLength(255);
        media.Property(m => m.Widths).HasMaxLength(100);
        media.Property(m => m.Alt).HasMaxLength(AltMaxLength);
        media.Property(m => m.Caption).HasMaxLength(CaptionMaxLength);
        media.Property(m => m.Credit).HasMaxLength(CreditMaxLength);
        media.HasIndex(m => m.UploadedAt);
        media.HasOne<Accounts.User>().WithMany().HasForeignKey(m => m.UploadedById).OnDelete(DeleteBehavior.SetNull);
    }
}
