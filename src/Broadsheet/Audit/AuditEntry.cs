using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Audit;

/// <summary>One thing a member did that the newsroom may need to account for later: who, what, to what, when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public int? ActorUserId { get; set; }
    public required string ActorName { get; set; }

    /// <summary>One of <see cref="AuditActions"/>: "article.published", "comment.spam", "user.role-changed", …</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to, in words: an article's title, "the comment by Ana (#12)", a member's email.</summary>
    public required string Subject { get; set; }

    /// <summary>An admin path to it, where there is one.</summary>
    public string? Link { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.ActorName).HasMaxLength(200);
        entry.Property(e => e.Action).HasMaxLength(60);
        entry.Property(e => e.Subject).HasMaxLength(400);
        entry.Property(e => e.Link).HasMaxLength(400);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.Action, e.Id });
        entry.HasIndex(e => new { e.ActorUserId, e.Id });
    }
}
