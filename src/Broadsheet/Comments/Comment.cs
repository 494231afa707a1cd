using Broadsheet.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Comments;

public enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Spam = 2,
    Trash = 3,
}

/// <summary>A reader's comment. The IP is only ever kept as a keyed hash, and that and the user agent are erased after the retention period.</summary>
public sealed class Comment
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int? ParentId { get; set; }

    /// <summary>The top-level comment of this thread (its own id for a top-level comment): a page loads whole threads.</summary>
    public int ThreadId { get; set; }

    /// <summary>1 for a top-level comment.</summary>
    public int Depth { get; set; } = 1;

    public CommentStatus Status { get; set; }

    /// <summary>What a comment moved to spam or trash goes back to on "not spam" or restore.</summary>
    public CommentStatus? PreviousStatus { get; set; }

    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? Website { get; set; }
    public required string Body { get; set; }

    /// <summary>The body as safe HTML (text escaped, links marked nofollow ugc), rendered when saved.</summary>
    public required string BodyHtml { get; set; }

    public string? IpHash { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>Why the comment was held or judged spam, for moderators; "; " between reasons.</summary>
    public string? Reasons { get; set; }

    /// <summary>The spam filter's probability that this is spam, when it was posted.</summary>
    public double? SpamScore { get; set; }

    /// <summary>The filter (not a rule or a moderator) sent it to spam.</summary>
    public bool JudgedSpam { get; set; }

    /// <summary>The website's domain, the key of its history ("example.org").</summary>
    public string? WebsiteDomain { get; set; }

    /// <summary>A hash of the text, so "the same text on other articles" is an index lookup (<see cref="CommentText.Fingerprint"/>).</summary>
    public string? TextHash { get; set; }

    public bool NotifyOfReplies { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PersonalDataErasedAt { get; set; }

    /// <summary>The member who wrote it from the moderation desk: published at once and marked as the newsroom's.</summary>
    public int? StaffUserId { get; set; }
}

public sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.Property(c => c.Name).HasMaxLength(CommentForm.NameMaxLength);
        comment.Property(c => c.Email).HasMaxLength(CommentForm.EmailMaxLength);
        comment.Property(c => c.Website).HasMaxLength(CommentForm.WebsiteMaxLength);
        comment.Property(c => c.IpHash).HasMaxLength(64);
        comment.Property(c => c.UserAgent).HasMaxLength(500);
        comment.Property(c => c.Reasons).HasMaxLength(2000);
        comment.HasOne<Article>().WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        comment.HasOne<Accounts.User>().WithMany().HasForeignKey(c => c.StaffUserId).OnDelete(DeleteBehavior.SetNull);
        comment.HasIndex(c => new { c.ArticleId, c.Status, c.ThreadId, c.Id });
        comment.HasIndex(c => new { c.Status, c.Id });
        comment.HasIndex(c => new { c.Email, c.Status });
        comment.HasIndex(c => new { c.IpHash, c.CreatedAt });
        comment.HasIndex(c => new { c.IpHash, c.Status });
        comment.Property(c => c.TextHash).HasMaxLength(32);
        comment.HasIndex(c => new { c.TextHash, c.CreatedAt });
        comment.HasIndex(c => c.CreatedAt);
        // The jobs that erase personal data and purge old spam read only the rows they change.
        comment.HasIndex(c => c.CreatedAt).HasDatabaseName("IX_Comments_PersonalData_CreatedAt")
            .HasFilter("\"IpHash\" IS NOT NULL OR \"UserAgent\" IS NOT NULL");
        comment.HasIndex(c => new { c.Status, c.CreatedAt });
        comment.Property(c => c.WebsiteDomain).HasMaxLength(253);
        comment.HasIndex(c => new { c.WebsiteDomain, c.Status });
    }
}
