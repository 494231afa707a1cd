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

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}

public sealed class BootstrapAdminOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}
