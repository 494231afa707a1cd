using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Newsletters;

/// <summary>Bound from "Broadsheet:Newsletters". Mail goes through the SMTP relay of Broadsheet:Notifications.</summary>
public sealed class NewslettersOptions
{
    public const string Section = "Broadsheet:Newsletters";

    /// <summary>How many messages a second the sender hands to the relay at most (the relay's or the provider's limit).</summary>
    [Range(1, 10_000)]
    public int MessagesPerSecond { get; set; } = 100;

    /// <summary>How many recipients the sender takes from the database at a time, over one SMTP connection.</summary>
    [Range(1, 5_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a confirmation link works.</summary>
    [Range(1, 24 * 14)]
    public int ConfirmationHours { get; set; } = 48;

    /// <summary>Sign-ups never confirmed are deleted after this many days.</summary>
    [Range(1, 365)]
    public int UnconfirmedDays { get; set; } = 7;

    /// <summary>Domains of throwaway mailboxes, refused at sign-up (added to the built-in few).</summary>
    public List<string> DisposableDomains { get; set; } = [];
}
