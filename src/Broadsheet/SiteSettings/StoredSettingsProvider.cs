namespace Broadsheet.SiteSettings;

/// <summary>
/// The settings saved from /admin/settings as a configuration provider, below appsettings.json and the environment:
/// a value an operator sets in a file or a variable wins, and the settings page says so. Empty until
/// <see cref="StoredSettings"/> has read the database; every replacement raises the configuration's change token,
/// so options read through IOptionsMonitor follow at once, without a restart.
/// </summary>
public sealed class StoredSettingsProvider : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    // The data stays what the database said when the configuration is rebuilt.
    public override void Load()
    {
    }

    public IReadOnlyDictionary<string, string?> Values => new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the values changed (and the configuration was told).</summary>
    public bool Replace(IReadOnlyDictionary<string, string?> values)
    {
        if (values.Count == Data.Count && values.All(v => Data.TryGetValue(v.Key, out var old) && old == v.Value))
        {
            return false;
        }
        Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
        OnReload();
        return true;
    }
}
