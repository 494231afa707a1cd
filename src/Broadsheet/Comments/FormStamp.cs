using System.Globalization;
using Broadsheet.Spam;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Comments;

/// <summary>
/// The comment form's two quiet tests for robots: a signed timestamp of when the form was shown (people take more
/// than a few seconds to write) and a field hidden from people that robots fill in.
/// </summary>
public sealed class FormStamp(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string HoneypotField = "confirmUrl";

    private readonly IDataProtector _protector = protection.CreateProtector("Broadsheet.Comments.FormStamp");

    public string Issue() => _protector.Protect(clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));

    public FormEvidence Evidence(string? stamp, string? honeypot)
    {
        TimeSpan? elapsed = null;
        try
        {
            if (!string.IsNullOrEmpty(stamp) && long.TryParse(_protector.Unprotect(stamp), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                elapsed = clock.GetUtcNow().UtcDateTime - new DateTime(ticks, DateTimeKind.Utc);
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
        }
        return new FormEvidence(!string.IsNullOrEmpty(honeypot), elapsed);
    }
}
