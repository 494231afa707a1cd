using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Newsletters;

/// <summary>
/// One issue of a newsletter going out: a digest edition (one a day per list) or an alert (one per article). Its
/// recipients are fixed when it starts (a <see cref="NewsletterDelivery"/> each), so a restart carries on with
/// exactly the people it began with.
/// </summary>
public sealed class NewsletterSend
{
    public int Id { get; set; }
    public int ListId { get; set; }

    /// <summary>What makes the issue unique on its list: the local date of a digest ("2024-07-18"), "article-12" for an alert.</summary>
    public required string Edition { get; set; }

    public required string Subject { get; set; }

    /// <summary>The articles it carries, in order, as comma-separated ids.</summary>
    public required string ArticleIds { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Who sent it; "schedule" for a digest that went by itself.</summary>
    public required string CreatedBy { get; set; }

    public DateTime? FinishedAt { get; set; }
    public int Recipients { get; set; }
}

public enum DeliveryState
{
    /// <summary>Not yet handed to the relay.</summary>
    Pending = 0,

    /// <summary>
    /// Recorded as the message's content began to go to the relay, before the end of the message that makes the relay
    /// take it: a sender that dies after this point never sends it again.
    /// </summary>
    Handed = 1,

    /// <summary>The relay answered that it took the message.</summary>
    Delivered = 2,

    /// <summary>The relay refused it, or it could not be sent after several tries.</summary>
    Failed = 3,
}

/// <summary>One recipient of one send.</summary>
public sealed class NewsletterDelivery
{
    public int SendId { get; set; }
    public int SubscriberId { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime? HandedAt { get; set; }
    public string? Error { get; set; }
}

public sealed class NewsletterSendConfiguration : IEntityTypeConfiguration<NewsletterSend>
{
    public void Configure(EntityTypeBuilder<NewsletterSend> send)
    {
        send.ToTable("NewsletterSends");
        send.Property(s => s.Edition).HasMaxLength(40);
        send.HasIndex(s => new { s.ListId, s.Edition }).IsUnique();
        send.Property(s => s.Subject).HasMaxLength(300);
        send.Property(s => s.ArticleIds).HasMaxLength(4000);
        send.Property(s => s.CreatedBy).HasMaxLength(120);
        send.HasIndex(s => s.FinishedAt);
        send.HasOne<NewsletterList>().WithMany().HasForeignKey(s => s.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class NewsletterDeliveryConfiguration : IEntityTypeConfiguration<NewsletterDelivery>
{
    public void Configure(EntityTypeBuilder<NewsletterDelivery> delivery)
    {
        delivery.ToTable("NewsletterDeliveries");
        delivery.HasKey(d => new { d.SendId, d.SubscriberId });
        delivery.HasIndex(d => new { d.SendId, d.State });
        delivery.HasIndex(d => d.SubscriberId);
        delivery.Property(d => d.Error).HasMaxLength(500);
        delivery.HasOne<NewsletterSend>().WithMany().HasForeignKey(d => d.SendId).OnDelete(DeleteBehavior.Cascade);
        delivery.HasOne<Subscriber>().WithMany().HasForeignKey(d => d.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}
