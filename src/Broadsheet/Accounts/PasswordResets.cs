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
    private readonly IDataProtector _protector = protection.CreateProtector("Broadsheet.Accounts.PasswordReset");

    public bool Available => mail.Enabled && site.CurrentValue.IsBaseUrlSet;

    /// <summary>Sends the link when the email has an account; says nothing either way, so nobody learns who has one.</summary>
    public async Task SendAsync(string? email, CancellationToken ct)
    {
        if (!Available)
        {
            return;
        }
        var normalised = User.NormaliseEmail(email);
        var user = await db.Users.AsNoTracking().Where(u => u.Email == normalised).Select(u => new { u.Id, u.Email, u.SecurityStamp }).SingleOrDefaultAsync(ct);
        if (user is null)
        {
            return;
        }
        var expires = clock.GetUtcNow() + Lifetime;
        var token = _protector.Protect(string.Join('|', user.Id.ToString(CultureInfo.InvariantCulture), user.SecurityStamp,
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var link = $"{site.CurrentValue.PublicBaseUrl}/admin/reset?token={Uri.EscapeDataString(token)}";
        mail.Enqueue(user.Email, $"Reset your password for {site.CurrentValue.Title}",
            $"Someone asked to reset the password of your {site.CurrentValue.Title} account.\n\n"
            + $"To choose a new password, open this link within an hour:\n{link}\n\n"
            + "If it was not you, ignore this message: your password stays as it is.\n");
        logger.LogInformation("A password reset link was sent to user {UserId}.", user.Id);
    }

    /// <summary>The user id a reset link is for, while it is unexpired and unused; else null.</summary>
    public async Task<int?> CheckAsync(string? token, CancellationToken ct)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token ?? "");
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
        return await db.Users.AnyAsync(u => u.Id == id && u.SecurityStamp == stamp, ct) ? id : null;
    }
}
