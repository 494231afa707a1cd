using System.Security.Cryptography;
using Broadsheet.Infrastructure.Db;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using QRCoder;

namespace Broadsheet.Accounts;

/// <summary>A secret being set up: shown to the member as a QR code and as text until they confirm it with a code.</summary>
public sealed record TwoFactorSetup(string Secret, string OtpAuthUri, string QrCodeSvg);

/// <summary>
/// Optional two-factor sign-in with an authenticator app (TOTP, RFC 6238, through Otp.NET): 6 digits every 30
/// seconds, one step of clock drift allowed either way, each code used once; and ten recovery codes for a lost phone.
/// </summary>
public sealed class TwoFactor(BroadsheetDb db, TimeProvider clock, IDataProtectionProvider protection, Microsoft.Extensions.Options.IOptionsMonitor<Site.SiteOptions> site)
{
    public const int RecoveryCodeCount = 10;
    private readonly IDataProtector _protector = protection.CreateProtector("Broadsheet.Accounts.TotpSecret");

    /// <summary>A new secret to scan; or, after a mistyped code, the same one again so the member need not scan twice.</summary>
    public TwoFactorSetup Begin(User user, string? secret = null)
    {
        secret ??= Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        var issuer = site.CurrentValue.Title;
        var uri = $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(user.Email)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true);
        return new TwoFactorSetup(secret, uri, svg);
    }

    /// <summary>Turns two-factor sign-in on when the code matches the secret; returns the recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(int userId, string secret, string? code, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        byte[] key;
        try
        {
            key = Base32Encoding.ToBytes(secret);
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (Matches(key, code, user.TotpLastStep) is not { } step)
        {
            return null;
        }
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        user.TotpSecret = _protector.Protect(secret);
        user.TotpLastStep = step;
        user.RecoveryCodeHashes = string.Join(' ', codes.Select(HashCode));
        user.SecurityStamp = User.NewStamp();
        await db.SaveChangesAsync(ct);
        return codes;
    }

    public async Task DisableAsync(int userId, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        (user.TotpSecret, user.TotpLastStep, user.RecoveryCodeHashes, user.SecurityStamp) = (null, 0, "", User.NewStamp());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether the code is the app's current one (never one used before) or an unused recovery code, which is then spent.</summary>
    public async Task<bool> VerifyAsync(int userId, string? code, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user?.TotpSecret is not { } stored || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }
        var key = Base32Encoding.ToBytes(_protector.Unprotect(stored));
        if (Matches(key, code, user.TotpLastStep) is { } step)
        {
            // Only a later step than the last one used: a code seen over a shoulder cannot be replayed.
            var updated = await db.Users.Where(u => u.Id == userId && u.TotpLastStep < step)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.TotpLastStep, step), ct);
            return updated == 1;
        }
        var hashes = user.RecoveryCodeHashes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var hash = HashCode(code);
        if (!hashes.Remove(hash))
        {
            return false;
        }
        user.RecoveryCodeHashes = string.Join(' ', hashes);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static int RecoveryCodesLeft(User user) => user.RecoveryCodeHashes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private long? Matches(byte[] key, string? code, long lastStep)
    {
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 6)
        {
            return null;
        }
        var totp = new Totp(key);
        return totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, digits, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) && step > lastStep ? step : null;
    }

    private static string NewRecoveryCode()
    {
        var text = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        return $"{text[..5]}-{text[5..]}";
    }

    private static string HashCode(string code) => ApiAuth.HashSecret(code.Trim().ToLowerInvariant());
}
