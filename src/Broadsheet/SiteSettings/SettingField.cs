using System.Globalization;
using Broadsheet.Caching;
using Broadsheet.Comments;
using Broadsheet.Site;
using Broadsheet.Spam;

namespace Broadsheet.SiteSettings;

public enum FieldKind
{
    Text,
    Address,
    WholeNumber,
    Fraction,
    OnOff,
    Colour,
    TimeZone,
    Culture,
    Lines,
    Menu,
    Secret,
}

/// <summary>
/// A setting the settings page offers: a property of an options class, under the section that class is bound from.
/// Its configuration key is the key of the value (or, for a list, of its items).
/// </summary>
public sealed record SettingField(string Group, string Section, Type Options, string Property, string Label, FieldKind Kind, string? Hint = null)
{
    public string Key => $"{Section}:{Property}";

    /// <summary>The HTML id: configuration keys have colons.</summary>
    public string Id => Key.Replace(':', '-');

    /// <summary>Its value in a new options object, as the form shows values.</summary>
    public string DefaultText => Text(Options.GetProperty(Property)!.GetValue(Activator.CreateInstance(Options)));

    public bool IsList => Kind is FieldKind.Lines or FieldKind.Menu;

    /// <summary>A value as the form shows it: invariant numbers, "true"/"false", one list item a line.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<MenuItem> menu => string.Join("\n", menu.Select(m => $"{m.Title} | {m.Url}")),
        IEnumerable<string> lines => string.Join("\n", lines),
        _ => value.ToString() ?? "",
    };

    /// <summary>The page's fields, in its order.</summary>
    public static readonly IReadOnlyList<SettingField> All =
    [
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.Title), "Site title", FieldKind.Text),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.Tagline), "Tagline", FieldKind.Text, "Under the title in the masthead and in search results."),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.LogoUrl), "Logo", FieldKind.Address,
            "The address of a picture shown instead of the title, e.g. one from Media (/media/…); empty shows the title."),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.LogoWidth), "Logo width (pixels)", FieldKind.WholeNumber),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.LogoHeight), "Logo height (pixels)", FieldKind.WholeNumber),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.AccentColor), "Accent colour", FieldKind.Colour,
            "Links on hover, section labels and quotes; empty keeps the theme's."),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.TimeZone), "Time zone", FieldKind.TimeZone, "The date bar, dates on articles and the date archives."),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.Culture), "Date language", FieldKind.Culture, "How dates are written, e.g. en-GB or de-DE."),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.Navigation), "Navigation menu", FieldKind.Menu,
            "One link a line, as “Title | /address”; empty shows Home and the top-level sections."),
        new("Site", "Broadsheet:Site", typeof(SiteOptions), nameof(SiteOptions.FooterText), "Footer text", FieldKind.Text),
        new("Comments", "Broadsheet:Comments", typeof(CommentsOptions), nameof(CommentsOptions.HoldFirstTimeCommenters), "Hold a commenter’s first comment for approval", FieldKind.OnOff),
        new("Comments", "Broadsheet:Comments", typeof(CommentsOptions), nameof(CommentsOptions.MaxLinks), "Hold comments with this many links or more", FieldKind.WholeNumber, "0 turns the rule off."),
        new("Comments", "Broadsheet:Comments", typeof(CommentsOptions), nameof(CommentsOptions.ModerationWords), "Moderation words", FieldKind.Lines,
            "One a line: a comment containing one (in its name, email, website, text, address or browser) is held."),
        new("Comments", "Broadsheet:Comments", typeof(CommentsOptions), nameof(CommentsOptions.DisallowedWords), "Disallowed words", FieldKind.Lines,
            "One a line: a comment containing one goes straight to spam."),
        new("Comments", "Broadsheet:Comments", typeof(CommentsOptions), nameof(CommentsOptions.CloseAfterDays), "Close comments on articles older than (days)", FieldKind.WholeNumber,
            "Empty keeps them open."),
        new("Comments", "Broadsheet:Comments", typeof(CommentsOptions), nameof(CommentsOptions.FloodIntervalSeconds), "Seconds between two comments from one reader", FieldKind.WholeNumber,
            "0 turns flood control off."),
        new("Comments", "Broadsheet:Comments", typeof(CommentsOptions), nameof(CommentsOptions.MaxDepth), "Reply nesting (levels)", FieldKind.WholeNumber),
        new("Spam filter", "Broadsheet:Spam", typeof(SpamOptions), nameof(SpamOptions.Enabled), "Check comments with the spam filter", FieldKind.OnOff),
        new("Spam filter", "Broadsheet:Spam", typeof(SpamOptions), nameof(SpamOptions.HoldScore), "Hold for a moderator from score", FieldKind.Fraction, "Between 0.5 and 1."),
        new("Spam filter", "Broadsheet:Spam", typeof(SpamOptions), nameof(SpamOptions.QueueScore), "Straight to the spam queue from score", FieldKind.Fraction,
            "Between 0.5 and 1, and not below the holding score."),
        new("Spam filter", "Broadsheet:Spam:Akismet", typeof(AkismetOptions), nameof(AkismetOptions.BaseUrl), "Akismet-protocol service", FieldKind.Address,
            "e.g. https://rest.akismet.com; empty uses the built-in filter alone."),
        new("Spam filter", "Broadsheet:Spam:Akismet", typeof(AkismetOptions), nameof(AkismetOptions.Key), "Service key", FieldKind.Secret),
        new("Spam filter", "Broadsheet:Spam:Akismet", typeof(AkismetOptions), nameof(AkismetOptions.Blog), "Site address registered with the service", FieldKind.Address,
            "Empty uses the site’s public address."),
        new("Email", "Broadsheet:Notifications", typeof(NotificationsOptions), nameof(NotificationsOptions.SmtpHost), "SMTP server", FieldKind.Text, "Empty sends no email."),
        new("Email", "Broadsheet:Notifications", typeof(NotificationsOptions), nameof(NotificationsOptions.SmtpPort), "SMTP port", FieldKind.WholeNumber),
        new("Email", "Broadsheet:Notifications", typeof(NotificationsOptions), nameof(NotificationsOptions.SmtpUser), "SMTP user name", FieldKind.Text),
        new("Email", "Broadsheet:Notifications", typeof(NotificationsOptions), nameof(NotificationsOptions.SmtpPassword), "SMTP password", FieldKind.Secret),
        new("Email", "Broadsheet:Notifications", typeof(NotificationsOptions), nameof(NotificationsOptions.From), "Sender", FieldKind.Text, "e.g. The Gazette <newsroom@example.org>"),
        new("Feeds", Feeds.FeedsOptions.Section, typeof(Feeds.FeedsOptions), nameof(Feeds.FeedsOptions.FullText), "Whole articles in the feeds (off: the dek as an excerpt)", FieldKind.OnOff),
        new("Page cache", "Broadsheet:PageCache", typeof(PageCacheOptions), nameof(PageCacheOptions.MaxAgeSeconds), "Longest a page is served from the cache (seconds)", FieldKind.WholeNumber,
            "Edits purge their pages at once; this bounds what changes with time alone (Most Popular, the date bar)."),
    ];

    public static SettingField? Find(string key) => All.FirstOrDefault(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a configuration key is this field's value or one of its items.</summary>
    public bool Owns(string key) => key.Equals(Key, StringComparison.OrdinalIgnoreCase) || key.StartsWith(Key + ":", StringComparison.OrdinalIgnoreCase);
}
