namespace Broadsheet.Audit;

/// <summary>The actions the audit log records, grouped as its filter offers them.</summary>
public static class AuditActions
{
    public const string ArticlePublished = "article.published";
    public const string ArticleScheduled = "article.scheduled";
    public const string ArticleUnpublished = "article.unpublished";
    public const string ArticleDeleted = "article.deleted";
    public const string UserAdded = "user.added";
    public const string UserRemoved = "user.removed";
    public const string RoleChanged = "user.role-changed";
    public const string UserInvited = "user.invited";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string SettingChanged = "setting.changed";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string CommentEdited = "comment.edited";
    public const string CommentDeleted = "comment.deleted";
    public const string CommentReplied = "comment.replied";
    public const string ImportStarted = "import.started";
    public const string NewsletterSent = "newsletter.sent";
    public const string CorrectionAppended = "article.correction-appended";

    /// <summary>A moderation action ("approve", "spam", …) as the log names it.</summary>
    public static string Comment(string moderation) => "comment." + moderation;

    public static readonly IReadOnlyList<(string Prefix, string Label)> Groups =
        [("", "Everything"), ("article.", "Articles"), ("comment.", "Comments"), ("user.", "People and roles"), ("token.", "API tokens"), ("setting.", "Settings"), ("import.", "Imports"), ("newsletter.", "Newsletters")];

    public static string Describe(string action) => action switch
    {
        ArticlePublished => "published", ArticleScheduled => "scheduled", ArticleUnpublished => "unpublished", ArticleDeleted => "deleted the article",
        UserAdded => "added the member", UserRemoved => "removed the member", UserInvited => "invited", UserDeactivated => "deactivated the member",
        UserReactivated => "reactivated the member", SettingChanged => "changed the setting", RoleChanged => "changed the role of", TokenCreated => "created the API token",
        TokenRevoked => "revoked the API token", CommentEdited => "edited", CommentDeleted => "deleted", CommentReplied => "replied as staff to", ImportStarted => "started importing", NewsletterSent => "sent the newsletter", CorrectionAppended => "appended a",
        "comment.approve" => "approved", "comment.unapprove" => "unapproved", "comment.spam" => "marked as spam", "comment.not-spam" => "marked as not spam",
        "comment.trash" => "trashed", "comment.restore" => "restored",
        _ => action,
    };
}
