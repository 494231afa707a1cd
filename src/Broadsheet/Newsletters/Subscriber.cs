using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Newsletters;

/// <summary>
/// An email address that signed up. It receives nothing until it confirms (double opt-in); an address never
/// confirmed is deleted after a week. Mail to it stops for good when the relay reports it bounced or its owner
/// complained (<see cref="StoppedAt"/>).
/// </summary>
public sealed class Subscriber
{
    public const int EmailMaxLength = 254;

    public int Id { get; set; }

    /// <summary>Trimmed and lower-cased: one row per address.</summary>
    public required string Email { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }

    /// <summary>Lists asked for and not yet confirmed, as comma-separated ids; the confirmation link adds them.</summary>
    public string PendingListIds { get; set; } = "";

    /// <summary>The last confirmation email: at most one an hour goes to an address.</summary>
    public DateTime? ConfirmationSentAt { get; set; }

    public DateTime? StoppedAt { get; set; }

    /// <summary>"bounce" or "complaint".</summary>
    public string? StopReason { get; set; }
}

/// <summary>
/// One subscriber on one list, from the confirmation (or the manage page) until they leave. Rows are kept when they
/// leave, so the dashboard can count sign-ups and leavers by week; joining again starts a new row.
/// </summary>
public sealed class Subscription
{
    public int Id { get; set; }
    public int SubscriberId { get; set; }
    public int ListId { get; set; }
    public DateTime SubscribedAt { get; set; }
    public DateTime? LeftAt { get; set; }
}

public sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> subscriber)
    {
        subscriber.ToTable("Subscribers");
        subscriber.Property(s => s.Email).HasMaxLength(Subscriber.EmailMaxLength);
        subscriber.HasIndex(s => s.Email).IsUnique();
        subscriber.Property(s => s.PendingListIds).HasMaxLength(400);
        subscriber.Property(s => s.StopReason).HasMaxLength(20);
        subscriber.HasIndex(s => new { s.ConfirmedAt, s.CreatedAt });
    }
}

public sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> subscription)
    {
        subscription.ToTable("Subscriptions");
        subscription.HasIndex(s => new { s.ListId, s.LeftAt });
        subscription.HasIndex(s => new { s.SubscriberId, s.ListId });
        subscription.HasOne<Subscriber>().WithMany().HasForeignKey(s => s.SubscriberId).OnDelete(DeleteBehavior.Cascade);
        subscription.HasOne<NewsletterList>().WithMany().HasForeignKey(s => s.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}
