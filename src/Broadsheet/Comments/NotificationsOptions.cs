namespace Broadsheet.Comments;

/// <summary>Bound from "Broadsheet:Notifications". Email goes out only when an SMTP host is set.</summary>
public sealed class NotificationsOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public string? SmtpHost { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public string From { get; set; } = "Broadsheet <noreply@localhost>";

    /// <summary>Who hears about held comments; empty means every newsroom user.</summary>
    public List<string> Editors { get; set; } = [];

    /// <summary>
    /// After an email about a held comment, editors hear of further held comments once, in a summary, when this
    /// many minutes have passed: a flood of first comments is not a flood of email.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1440)]
    public int HeldMailMinutes { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost);

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (!MimeKit.MailboxAddress.TryParse(From, out var sender) || !sender.Address.Contains('@', StringComparison.Ordinal))
        {
            yield return new System.ComponentModel.DataAnnotations.ValidationResult(
                $"Broadsheet:Notifications:From '{From}' is not an email address, such as The Gazette <newsroom@example.org>.", [nameof(From)]);
        }
    }
}
