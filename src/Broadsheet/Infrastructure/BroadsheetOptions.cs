using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Infrastructure;

/// <summary>Top-level settings under "Broadsheet" (PRODUCT.md, Settings).</summary>
public sealed class BroadsheetOptions
{
    public const string Section = "Broadsheet";

    public string DataDirectory { get; set; } = "./data";

    public bool SeedDemoContent { get; set; } = true;

    /// <summary>When set (32+ characters), start-up makes sure an admin API token with this secret exists.</summary>
    // An empty value (an environment variable set to nothing) means unset, as RegularExpression takes it.
    [RegularExpression("^.{32,}$", ErrorMessage = "Broadsheet__BootstrapToken must be at least 32 characters long.")]
    public string? BootstrapToken { get; set; }

    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>
    /// The site key (32+ characters) for keyed hashes and signatures. Optional: without it the key is made once and
    /// kept in the database, which every node shares.
    /// </summary>
    [RegularExpression("^.{32,}$", ErrorMessage = "Broadsheet__SiteKey must be at least 32 characters long.")]
    public string? SiteKey { get; set; }

    public Db.DatabaseOptions Database { get; set; } = new();

    public KeyRingOptions KeyRing { get; set; } = new();

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}

public sealed class BootstrapAdminOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}

/// <summary>
/// "Broadsheet:KeyRing": a certificate (PKCS#12 file) that encrypts the data-protection keys in the database. Without
/// it the keys are stored as they are, which is acceptable where the database is as private as the app's own
/// memory (one machine, or a managed database only the app can reach).
/// </summary>
public sealed class KeyRingOptions : IValidatableObject
{
    public string? CertificateFile { get; set; }

    public string? CertificatePassword { get; set; }

    public bool TryLoad([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, out string problem)
    {
        (certificate, problem) = (null, "");
        if (string.IsNullOrEmpty(CertificateFile))
        {
            return false;
        }
        try
        {
            certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(CertificateFile, CertificatePassword);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            problem = $"Broadsheet:KeyRing:CertificateFile '{CertificateFile}' could not be read as a PKCS#12 certificate with its password: {e.Message}";
            return false;
        }
        if (!certificate.HasPrivateKey)
        {
            problem = $"Broadsheet:KeyRing:CertificateFile '{CertificateFile}' has no private key, so the keys could not be read back.";
            certificate.Dispose();
            certificate = null;
            return false;
        }
        return true;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(CertificateFile))
        {
            yield break;
        }
        if (TryLoad(out var certificate, out var problem))
        {
            certificate.Dispose();
        }
        else
        {
            yield return new ValidationResult(problem, [nameof(CertificateFile)]);
        }
    }
}
