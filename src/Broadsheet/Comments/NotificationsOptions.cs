namespace Broadsheet.Comments;

/// <summary>Bound from "Broadsheet:Notifications". Email goes out only when an SMTP host is set.</summary>
public sealed class NotificationsOptions
{
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 25;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public string From { get; set; } = "Broadsheet <noreply@localhost>";

    /// <summary>Who hears about held comments; empty means every newsroom user.</summary>
    public List<string> Editors { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost);
}
