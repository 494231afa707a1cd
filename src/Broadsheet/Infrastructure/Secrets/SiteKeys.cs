using System.Security.Cryptography;
using System.Text;
using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure.Secrets;

/// <summary>
/// The site key, for keyed hashes of readers' IP and user agent (the raw values are never stored, and the hash
/// means nothing without the key) and for the site's signatures. Every node must use the same key, so it comes from
/// the setting Broadsheet__SiteKey or, without one, from the database all nodes share, made there once at random.
/// A site.key file left by an older version in the data directory is moved into the database, so hashes and links
/// made with it stay valid.
/// </summary>
public sealed class SiteKeys(IOptions<BroadsheetOptions> options, IServiceScopeFactory scopes)
{
    public const string KeyName = "site-key";
    public const int MinimumSettingLength = 32;

    private readonly Lazy<byte[]> _key = new(() => Load(options.Value, scopes), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>One reader for view counting: IP and user agent together.</summary>
    public string VisitorHash(string? ip, string? userAgent) => KeyedHash("visitor", $"{ip}\n{userAgent}");

    /// <summary>What comments keep of an IP address: enough to recognise it again (flood control, history), nothing more.</summary>
    public string IpHash(string ip) => KeyedHash("ip", ip);

    /// <summary>An avatar's name: the same email always draws the same picture, and the email cannot be read back from it.</summary>
    public string AvatarKey(string email) => KeyedHash("avatar", email.Trim().ToLowerInvariant());

    /// <summary>A keyed hash of a value for one purpose (unsubscribe links, the comment form's stamp): a signature the site can check and nobody else can make.</summary>
    public string Signature(string purpose, string value) => KeyedHash(purpose, value);

    /// <summary>Whether <paramref name="signature"/> is <see cref="Signature"/> of the value, compared in constant time.</summary>
    public bool IsSignature(string purpose, string value, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(KeyedHash(purpose, value)), Encoding.ASCII.GetBytes(signature));

    private string KeyedHash(string purpose, string value)
    {
        var hash = HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes($"{purpose}\n{value}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static byte[] Load(BroadsheetOptions settings, IServiceScopeFactory scopes)
    {
        if (!string.IsNullOrEmpty(settings.SiteKey))
        {
            return Encoding.UTF8.GetBytes(settings.SiteKey);
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        if (db.SiteSecrets.AsNoTracking().SingleOrDefault(s => s.Name == KeyName) is { Value.Length: >= 32 } stored)
        {
            return stored.Value;
        }
        var file = Path.Combine(settings.DataDirectoryFullPath, "site.key");
        var key = File.Exists(file) && File.ReadAllBytes(file) is { Length: >= 32 } old ? old : RandomNumberGenerator.GetBytes(32);
        try
        {
            db.SiteSecrets.Add(new SiteSecret { Name = KeyName, Value = key });
            db.SaveChanges();
            return key;
        }
        catch (DbUpdateException)
        {
            // Another node made the key first: that one is the site's.
            db.ChangeTracker.Clear();
            return db.SiteSecrets.AsNoTracking().Single(s => s.Name == KeyName).Value;
        }
    }
}
