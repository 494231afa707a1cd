using System.Globalization;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Accounts;

/// <summary>
/// "Forgot your password?": an emailed link that works for an hour and once (it names the account's security
/// stamp, which the new password changes). Links are built on <c>Broadsheet__Site__BaseUrl</c> only, never on the
/// request's Host header, so a forged Host cannot send a member a link to someone else's server; without a BaseUrl
/// or without mail, resets are the CLI's (<c>user reset-password</c>).
/// </summary>
public sealed class PasswordResets(
    BroadsheetDb db, IDataProtectionProvider protection, TimeProvider clock, MailOutbox mail, IOptionsMonitor<Site.SiteOptions> site,
    ILogger<PasswordResets> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    private readonly IDataProtector _protector = protection.CreateProtector("Broadsheet.Accounts.PasswordReset");
    private readonly IDataProtector _invitations = protection.CreateProtector("Broadsheet.Accounts.Invitation");

    public bool Available => mail.Enabled && site.CurrentValue.IsBaseUrlSet;

    /// <summary>Sends the link when the email has an account; says nothing either way, so nobody learns who has one.</summary>
    public async Task SendAsync(string? email, CancellationToken ct)
    {
        if (!Available)
        {
            return;
        }
        var normalised = User.NormaliseEmail(email);
        var user = await db.Users.AsNoTracking().Where(u => u.Email == normalised && u.DeactivatedAt == null)
            .Select(u => new { u.Id, u.Email, u.SecurityStamp }).SingleOrDefaultAsync(ct);
        if (user is null)
        {
            return;
        }
        var link = $"{site.CurrentValue.PublicBaseUrl}/admin/reset?token={Uri.EscapeDataString(Token(_protector, user.Id, user.SecurityStamp, Lifetime))}";
        mail.Enqueue(user.Email, $"Reset your password for {site.CurrentValue.Title}",
            $"Someone asked to reset the password of your {site.CurrentValue.Title} account.\n\n"
            + $"To choose a new password, open this link within an hour:\n{link}\n\n"
            + "If it was not you, ignore this message: your password stays as it is.\n");
        logger.LogInformation("A password reset link was sent to user {UserId}.", user.Id);
    }

    /// <summary>The user id a reset link is for, while it is unexpired and unused; else null.</summary>
    public Task<int?> CheckAsync(string? token, CancellationToken ct) => CheckAsync(_protector, token, ct);

    /// <summary>
    /// The link that lets an invited member choose their password: a week, once (choosing the password changes the
    /// stamp it names; so does sending a new invitation). Emailed when the site can send mail; the administrator
    /// passes it on otherwise. Null while the site has no public address (Broadsheet__Site__BaseUrl) to build it on.
    /// </summary>
    public string? InvitationLink(User user) => site.CurrentValue.IsBaseUrlSet
        ? $"{site.CurrentValue.PublicBaseUrl}/admin/welcome?token={Uri.EscapeDataString(Token(_invitations, user.Id, user.SecurityStamp, InvitationLifetime))}"
        : null;

    /// <summary>Emails the invitation when mail is set up; false when the administrator must pass the link on.</summary>
    public bool SendInvitation(User user, string invitedBy)
    {
        if (!mail.Enabled || InvitationLink(user) is not { } link)
        {
            return false;
        }
        var title = site.CurrentValue.Title;
        mail.Enqueue(user.Email, $"You are invited to {title}",
            $"{invitedBy} has invited you to work on {title} as {Roles.Name(user.Role)}.\n\n"
            + $"To choose your password and sign in, open this link within a week:\n{link}\n");
        logger.LogInformation("An invitation was sent to user {UserId}.", user.Id);
        return true;
    }

    public Task<int?> CheckInvitationAsync(string? token, CancellationToken ct) => CheckAsync(_invitations, token, ct);

    private string Token(IDataProtector protector, int userId, string stamp, TimeSpan lifetime) =>
        protector.Protect(string.Join('|', userId.ToString(CultureInfo.InvariantCulture), stamp,
            (clock.GetUtcNow() + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));

    private async Task<int?> CheckAsync(IDataProtector protector, string? token, CancellationToken ct)
    {
        string payload;
        try
        {
            payload = protector.Unprotect(token ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('|');
        if (parts.Length != 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expires) || DateTimeOffset.FromUnixTimeSeconds(expires) <= clock.GetUtcNow())
        {
            return null;
        }
        var stamp = parts[1];
        return await db.Users.AnyAsync(u => u.Id == id && u.SecurityStamp == stamp && u.DeactivatedAt == null, ct) ? id : null;
    }
}
