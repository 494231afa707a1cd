using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Security;

/// <summary>
/// Broadsheet__KeyRing__CertificateFile encrypts the data-protection keys (which sign admin and antiforgery
/// cookies) at rest in the database: the stored key holds no plain secret, and only a site with the certificate
/// can use it after a restart.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _directory = BroadsheetApp.NewDataDirectory();
    private readonly string _certificate;

    public KeyRingTests()
    {
        Directory.CreateDirectory(_directory);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Broadsheet key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        _certificate = Path.Combine(_directory, "key-ring.pfx");
        File.WriteAllBytes(_certificate, certificate.Export(X509ContentType.Pkcs12, "a long certificate password"));
    }

    private Dictionary<string, string?> WithCertificate() => new()
    {
        ["Broadsheet:KeyRing:CertificateFile"] = _certificate,
        ["Broadsheet:KeyRing:CertificatePassword"] = "a long certificate password",
    };

    private static string Protect(BroadsheetApp app, string text) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test").Protect(text);

    private static string Unprotect(BroadsheetApp app, string text) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test").Unprotect(text);

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_work_after_a_restart_only_with_it()
    {
        string protectedText, storedKey;
        using (var app = BroadsheetApp.With(WithCertificate(), _directory))
        {
            await app.Anonymous().GetAsync("/healthz");
            protectedText = Protect(app, "an editor's session");
            using var scope = app.Services.CreateScope();
            storedKey = (await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().DataProtectionKeys.AsNoTracking().FirstAsync()).Xml!;
        }
        string afterRestart;
        using (var restarted = BroadsheetApp.With(WithCertificate(), _directory))
        {
            await restarted.Anonymous().GetAsync("/healthz");
            afterRestart = Unprotect(restarted, protectedText);
        }
        Exception? withoutCertificate;
        using (var stolen = BroadsheetApp.At(_directory))
        {
            await stolen.Anonymous().GetAsync("/healthz");
            withoutCertificate = Record.Exception(() => Unprotect(stolen, protectedText));
        }

        Assert.Contains("EncryptedXmlDecryptor", storedKey);
        Assert.DoesNotContain("<value>", storedKey);
        Assert.Equal("an editor's session", afterRestart);
        Assert.NotNull(withoutCertificate);
    }

    [Fact]
    public async Task Keys_made_before_the_certificate_was_set_are_encrypted_at_the_next_start_and_keep_working()
    {
        string protectedText;
        using (var before = BroadsheetApp.At(_directory))
        {
            await before.Anonymous().GetAsync("/healthz");
            protectedText = Protect(before, "a session from before the certificate");
            Assert.Contains("<value>", await StoredKeyAsync(before));
        }
        string storedKey, afterRestart;
        using (var withCertificate = BroadsheetApp.With(WithCertificate(), _directory))
        {
            await withCertificate.Anonymous().GetAsync("/healthz");
            storedKey = await StoredKeyAsync(withCertificate);
            afterRestart = Unprotect(withCertificate, protectedText);
        }
        Exception? withoutCertificate;
        using (var stolen = BroadsheetApp.At(_directory))
        {
            await stolen.Anonymous().GetAsync("/healthz");
            withoutCertificate = Record.Exception(() => Unprotect(stolen, protectedText));
        }

        Assert.DoesNotContain("<value>", storedKey);
        Assert.Contains("EncryptedXmlDecryptor", storedKey);
        Assert.Equal("a session from before the certificate", afterRestart);
        Assert.NotNull(withoutCertificate);
    }

    private static async Task<string> StoredKeyAsync(BroadsheetApp app)
    {
        using var scope = app.Services.CreateScope();
        return string.Join("\n", await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());
    }

    [Fact]
    public void A_certificate_that_does_not_load_is_named_at_start_up()
    {
        var problems = BroadsheetApp.SettingsProblems(new Dictionary<string, string?>
        {
            ["Broadsheet:KeyRing:CertificateFile"] = _certificate,
            ["Broadsheet:KeyRing:CertificatePassword"] = "not the password",
        });

        var problem = Assert.Single(problems);
        Assert.StartsWith($"Broadsheet:KeyRing:CertificateFile '{_certificate}' could not be read as a PKCS#12 certificate", problem);
    }

    public void Dispose() => BroadsheetApp.DeleteDataDirectory(_directory);
}
