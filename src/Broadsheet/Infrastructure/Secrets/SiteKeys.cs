using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure.Secrets;

/// <summary>
/// A random site key kept in the data directory, for keyed hashes of readers' IP and user agent: the raw values
/// are never stored, and the hash means nothing without the key.
/// </summary>
public sealed class SiteKeys
{
    private readonly byte[] _key;

    public SiteKeys(IOptions<BroadsheetOptions> options)
    {
        var directory = options.Value.DataDirectoryFullPath;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "site.key");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
        }
        _key = File.ReadAllBytes(path);
    }

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
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}\n{value}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
