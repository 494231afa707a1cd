using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Comments;

/// <summary>Bound from "Broadsheet:Comments"; defaults are WordPress's (PRODUCT.md, Settings).</summary>
public sealed class CommentsOptions
{
    /// <summary>WordPress's "comment author must have a previously approved comment".</summary>
    public bool HoldFirstTimeCommenters { get; set; } = true;

    /// <summary>This many links or more hold a comment (WordPress's comment_max_links); 0 turns the rule off.</summary>
    [Range(0, 100)]
    public int MaxLinks { get; set; } = 2;

    /// <summary>Another comment from the same IP or email within this many seconds is refused; 0 turns it off.</summary>
    [Range(0, 3600)]
    public int FloodIntervalSeconds { get; set; } = 15;

    [Range(1, 10)]
    public int MaxDepth { get; set; } = 5;

    /// <summary>Top-level comments per page of a thread, oldest first.</summary>
    [Range(5, 500)]
    public int PageSize { get; set; } = 50;

    /// <summary>Comments close on articles older than this; null keeps them open.</summary>
    [Range(1, 36500)]
    public int? CloseAfterDays { get; set; }

    /// <summary>A comment containing any of these (substring, any case) in name, email, website, text, IP or user agent is held.</summary>
    public List<string> ModerationWords { get; set; } = [];

    /// <summary>A comment containing any of these goes straight to spam.</summary>
    public List<string> DisallowedWords { get; set; } = [];

    /// <summary>The keyed IP hash and the user agent are erased after this many days.</summary>
    [Range(1, 3650)]
    public int PersonalDataRetentionDays { get; set; } = 30;
}
