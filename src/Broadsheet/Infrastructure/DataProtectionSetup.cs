using Broadsheet.Infrastructure.Db;
using Microsoft.AspNetCore.DataProtection;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure;

public static class DataProtectionSetup
{
    /// <summary>
    /// Keys for antiforgery tokens and signed cookies live in the database, so every node reads the same key ring
    /// (a sign-in on one node is valid on the others), they survive restarts and travel with a backup
    /// (docs/decisions/0011).
    /// </summary>
    public static IServiceCollection AddBroadsheetDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = services.AddDataProtection().SetApplicationName("Broadsheet").PersistKeysToDbContext<BroadsheetDb>();
        // Broadsheet__KeyRing__CertificateFile: the keys are encrypted at rest with this certificate, so a copy of the
        // database alone cannot forge an editor's cookie. A certificate that does not load is named at start-up.
        KeyRingOptions keyRing;
        try
        {
            keyRing = configuration.GetSection(BroadsheetOptions.Section + ":KeyRing").Get<KeyRingOptions>() ?? new();
        }
        catch (InvalidOperationException)
        {
            keyRing = new(); // start-up's settings check names the mistake and stops
        }
        if (keyRing.TryLoad(out var certificate, out _))
        {
            keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return services;
    }

    /// <summary>
    /// Moves the key files an older version kept in the data directory's keys folder into the database, once, so
    /// cookies they signed stay valid; then makes sure a key exists before another node can start and make its own.
    /// </summary>
    public static async Task EnsureKeysAsync(IServiceProvider services, CancellationToken ct)
    {
        var folder = new DirectoryInfo(Path.Combine(services.GetRequiredService<IOptions<BroadsheetOptions>>().Value.DataDirectoryFullPath, "keys"));
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            if (folder.Exists && !await db.DataProtectionKeys.AnyAsync(ct))
            {
                foreach (var file in folder.EnumerateFiles("*.xml"))
                {
                    db.DataProtectionKeys.Add(new DataProtectionKey
                    {
                        FriendlyName = Path.GetFileNameWithoutExtension(file.Name),
                        Xml = await File.ReadAllTextAsync(file.FullName, ct),
                    });
                }
                await db.SaveChangesAsync(ct);
            }
            await EncryptOlderKeysAsync(services, db, ct);
        }
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Broadsheet.KeyCheck").Protect("ready");
    }

    private static readonly XNamespace KeyRingNamespace = "http://schemas.asp.net/2015/03/dataProtection";

    /// <summary>
    /// Keys made before Broadsheet__KeyRing__CertificateFile was set were stored as they were: their secret parts are
    /// encrypted now, as data protection encrypts a new key's (each element marked requiresEncryption becomes an
    /// encryptedSecret naming its decryptor), so they stay valid — cookies, links and saved secrets they protect
    /// keep working — without staying readable in the database until they expire.
    /// </summary>
    private static async Task EncryptOlderKeysAsync(IServiceProvider services, BroadsheetDb db, CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor is not { } encryptor)
        {
            return;
        }
        var encrypted = 0;
        foreach (var row in await db.DataProtectionKeys.Where(k => k.Xml != null).ToListAsync(ct))
        {
            var key = XElement.Parse(row.Xml!);
            var secrets = key.Descendants().Where(e => (bool?)e.Attribute(KeyRingNamespace + "requiresEncryption") == true).ToList();
            if (secrets.Count == 0)
            {
                continue;
            }
            foreach (var secret in secrets)
            {
                var info = encryptor.Encrypt(new XElement(secret));
                secret.ReplaceWith(new XElement(KeyRingNamespace + "encryptedSecret",
                    new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
            }
            key.DescendantNodes().OfType<XComment>().Where(c => c.Value.Contains("unencrypted", StringComparison.OrdinalIgnoreCase)).Remove();
            row.Xml = key.ToString(SaveOptions.DisableFormatting);
            encrypted++;
        }
        if (encrypted > 0)
        {
            await db.SaveChangesAsync(ct);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataProtectionSetup))
                .LogInformation("Encrypted {Count} data-protection keys made before the key-ring certificate was set.", encrypted);
        }
    }
}
