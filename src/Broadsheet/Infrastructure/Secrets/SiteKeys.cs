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
    private readonly byte[] _visitorKey;

    public SiteKeys(IOptions<BroadsheetOptions> options)
    {
        var directory = options.Value.DataDirectoryFullPath;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "site.key");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
        }
        _visitorKey = File.ReadAllBytes(path);
    }

    public string VisitorHash(string? ip, string? userAgent)
    {
        var hash = HMACSHA256.HashData(_visitorKey, Encoding.UTF8.GetBytes($"{ip}\n{userAgent}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
