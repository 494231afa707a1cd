using System.Globalization;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.SiteSettings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Settings;

/// <summary>
/// /admin/settings: the site's name and look, comment rules, the spam filter, email and the page cache, saved in the
/// database and in force at once on every node. A value set in appsettings.json or the environment wins and is
/// shown, read-only, with where it is set.
/// </summary>
[Authorize(Policy = Roles.AdministratorPolicy)]
public sealed class SettingsPageModel(
    StoredSettings settings, AuditLog audit, MailOutbox mail, AccountEditing accounts, Broadsheet.Media.MediaLibrary media, Broadsheet.Media.IMediaStore store,
    Microsoft.Extensions.Options.IOptionsMonitor<Site.SiteOptions> site) : PageModel
{
    public IReadOnlyList<SettingView> Fields { get; private set; } = [];

    /// <summary>What the form sent, shown again when something was refused; null shows the saved values.</summary>
    public IReadOnlyDictionary<string, string?>? Posted { get; private set; }

    public string? Message { get; private set; }
    public string? MailResult { get; private set; }
    public bool MailFailed { get; private set; }

    public static IReadOnlyList<string> TimeZones { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];

    public static IReadOnlyList<CultureInfo> Cultures { get; } =
        [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures).OrderBy(c => c.Name, StringComparer.Ordinal)];

    public void OnGet(string? done)
    {
        Message = done == "saved" ? "Saved: the site uses the new settings now." : done == "unchanged" ? "Nothing had changed." : null;
        Load();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var form = Request.Form.ToDictionary(f => f.Key, f => (string?)f.Value.LastOrDefault(), StringComparer.OrdinalIgnoreCase);
        switch (await settings.SaveAsync(form, ct))
        {
            case Invalid<IReadOnlyList<SettingChange>> invalid:
                Posted = form;
                Load();
                return this.Unprocessable(invalid.Errors);
            case Saved<IReadOnlyList<SettingChange>> { Value: var changes }:
                await RecordAsync(changes, ct);
                return Redirect("/admin/settings?done=" + (changes.Count > 0 ? "saved" : "unchanged"));
            default:
                return BadRequest();
        }
    }

    /// <summary>
    /// A logo picture: stored in the media library like any upload (re-encoded, without EXIF) and shown in the
    /// masthead at the logo width already set, its height following the picture's proportions.
    /// </summary>
    public async Task<IActionResult> OnPostLogoAsync(IFormFile? logo, CancellationToken ct)
    {
        var title = site.CurrentValue;
        var logoKey = $"{Site.SiteOptions.Section}:{nameof(Site.SiteOptions.LogoUrl)}";
        if (settings.SourceOf(SettingField.Find(logoKey)!).Pinned)
        {
            Load();
            return this.Unprocessable(new Dictionary<string, string[]> { ["logo"] = ["The logo is set in the configuration: change it there."] });
        }
        var by = Actor.From(User) ?? Actor.Site;
        switch (await media.UploadAsync(logo, new Broadsheet.Media.MediaDetails($"{title.Title} logo", null, null), by, ct))
        {
            case Invalid<Broadsheet.Media.MediaItem> invalid:
                Load();
                return this.Unprocessable(invalid.Errors.ToDictionary(e => e.Key == "file" ? "logo" : e.Key, e => e.Value));
            case Saved<Broadsheet.Media.MediaItem> { Value: var item }:
                var picture = Broadsheet.Media.ResponsiveImage.From(item, store);
                var width = Math.Min(title.LogoWidth, item.Width);
                var height = Math.Max(1, (int)Math.Round(width * (double)item.Height / item.Width));
                var saved = await settings.ChangeAsync(new Dictionary<string, string>
                {
                    [logoKey] = picture.SmallUrl,
                    [$"{Site.SiteOptions.Section}:{nameof(Site.SiteOptions.LogoWidth)}"] = width.ToString(CultureInfo.InvariantCulture),
                    [$"{Site.SiteOptions.Section}:{nameof(Site.SiteOptions.LogoHeight)}"] = height.ToString(CultureInfo.InvariantCulture),
                }, ct);
                if (saved is Invalid<IReadOnlyList<SettingChange>> refused)
                {
                    Load();
                    return this.Unprocessable(refused.Errors);
                }
                await RecordAsync(((Saved<IReadOnlyList<SettingChange>>)saved).Value, ct);
                return Redirect("/admin/settings?done=saved");
            default:
                return BadRequest();
        }
    }

    /// <summary>Sends a message to the signed-in member with the email settings in force, and shows the server's answer.</summary>
    public async Task OnPostTestEmailAsync(CancellationToken ct)
    {
        Load();
        var me = Actor.From(User) is { UserId: { } id } ? await accounts.FindByIdAsync(id, ct) : null;
        if (me is null)
        {
            (MailResult, MailFailed) = ("Only a signed-in member can be sent a test email.", true);
            return;
        }
        var title = site.CurrentValue.Title;
        var error = await mail.SendNowAsync(me.Email, $"A test email from {title}",
            $"This is a test email from {title}'s settings page. If you can read it, the site can send email.\n", ct);
        (MailResult, MailFailed) = error is null ? ($"Sent to {me.Email}: check that it arrived.", false) : ($"Not sent: {error}", true);
        if (MailFailed)
        {
            Response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }

    private async Task RecordAsync(IReadOnlyList<SettingChange> changes, CancellationToken ct)
    {
        foreach (var change in changes)
        {
            await audit.RecordAsync(AuditActions.SettingChanged, Describe(change), "/admin/settings", ct);
        }
    }

    private void Load()
    {
        ViewData["Title"] = "Settings";
        Fields = settings.Views();
    }

    public string ValueOf(SettingView view) => Posted is { } posted && !view.Source.Pinned && view.Field.Kind != FieldKind.Secret
        ? (view.Field.Kind == FieldKind.OnOff ? (posted.GetValueOrDefault(view.Field.Key) == "true" ? "true" : "false") : posted.GetValueOrDefault(view.Field.Key) ?? "")
        : view.Value;

    private static string Describe(SettingChange change) =>
        $"{change.Field.Label}: {Quoted(change.Before)} → {Quoted(change.After)}";

    private static string Quoted(string value)
    {
        var line = value.Replace('\n', ';');
        return line.Length == 0 ? "(empty)" : $"“{(line.Length > 80 ? line[..80] + "…" : line)}”";
    }
}
