using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Redis;
using Broadsheet.Site;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.SiteSettings;

/// <summary>Where a setting's value comes from; a pinned one is set above the settings page and wins over it.</summary>
public sealed record SettingSource(string Description, bool Pinned, bool Saved);

/// <summary>A field as the settings page shows it. A secret's value is never shown: <see cref="IsSet"/> says whether it has one.</summary>
public sealed record SettingView(SettingField Field, string Value, bool IsSet, SettingSource Source);

/// <summary>One field's change, for the audit log: secrets say only that they changed.</summary>
public sealed record SettingChange(SettingField Field, string Before, string After);

/// <summary>
/// The settings saved from /admin/settings: read from the database at start-up, after every save, when another node
/// announces a save, and every half minute (a node that missed the announcement), into <see cref="StoredSettingsProvider"/>.
/// A save is checked first as the site's start-up checks its settings, with the options classes' own rules, so a
/// value the site would refuse is refused with the field's message and the old value stays.
/// </summary>
public sealed class StoredSettings : IDisposable
{
    public const string ChangedEvent = "settings";
    private readonly StoredSettingsProvider _provider;
    private readonly IConfiguration _configuration;
    private readonly IServiceScopeFactory _scopes;
    private readonly IDataProtector _secrets;
    private readonly TimeProvider _clock;
    private readonly SiteEvents _events;
    private readonly Caching.PageCache _pages;
    private readonly ILogger<StoredSettings> _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private bool _loaded;

    public StoredSettings(
        StoredSettingsProvider provider, IConfiguration configuration, IServiceScopeFactory scopes, IDataProtectionProvider protection,
        TimeProvider clock, SiteEvents events, Caching.PageCache pages, ILogger<StoredSettings> logger)
    {
        (_provider, _configuration, _scopes, _clock, _events, _pages, _logger) = (provider, configuration, scopes, clock, events, pages, logger);
        _secrets = protection.CreateProtector("Broadsheet.SiteSettings.Secret");
        events.On(ChangedEvent, () => _ = Task.Run(() => LoadQuietlyAsync(CancellationToken.None)));
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>Reads the saved settings; values the site would refuse (a time zone this machine lacks) are left out, with a warning.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        // One read at a time, so that an older read never replaces a newer one.
        await _loading.WaitAsync(ct);
        try
        {
            await LoadOnceAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task LoadOnceAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var rows = await db.StoredSettings.AsNoTracking().ToListAsync(ct);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (SettingField.All.Any(f => f.Owns(row.Key)) && Reveal(row) is { } value)
            {
                values[row.Key] = value;
            }
        }
        var previous = _provider.Values;
        var first = !_loaded;
        _loaded = true;
        if (!_provider.Replace(values))
        {
            return;
        }
        var refusals = SettingField.All.Select(f => f.Section).Distinct()
            .SelectMany(section => Refusals(section, _configuration.GetSection(section).AsEnumerable().ToDictionary())).ToList();
        if (refusals.Count > 0)
        {
            _provider.Replace(previous);
            _logger.LogWarning("The saved settings were not applied: {Problems}", string.Join(" ", refusals.Select(r => $"{r.Key}: {r.Message}")));
        }
        else if (!first)
        {
            // The title, menu, colours and dates are on every page this node has cached.
            await _pages.PurgeAsync([Caching.PageTags.Everything], ct);
        }
    }

    private async Task LoadQuietlyAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            _logger.LogWarning(e, "Could not read the saved settings; the next check tries again.");
        }
    }

    private string? Reveal(StoredSetting row)
    {
        if (!row.IsSecret)
        {
            return row.Value;
        }
        try
        {
            return _secrets.Unprotect(row.Value);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            _logger.LogWarning(e, "The saved setting {Key} cannot be decrypted with this site's key ring; set it again.", row.Key);
            return null;
        }
    }

    public IReadOnlyList<SettingView> Views() => [.. SettingField.All.Select(View)];

    public SettingView View(SettingField field)
    {
        var section = _configuration.GetSection(field.Key);
        var value = field.IsList
            ? FieldText(field, section)
            : section.Value ?? field.DefaultText;
        var isSet = !string.IsNullOrEmpty(value);
        return new SettingView(field, field.Kind == FieldKind.Secret ? "" : value, isSet, SourceOf(field));
    }

    /// <summary>A list's items as the form shows them.</summary>
    private static string FieldText(SettingField field, IConfigurationSection section) => field.Kind == FieldKind.Menu
        ? string.Join("\n", section.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => $"{c["Title"]} | {c["Url"]}"))
        : string.Join("\n", section.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value));

    /// <summary>The configuration source that wins for this field: the last one (in the order sources were added) that sets it.</summary>
    public SettingSource SourceOf(SettingField field)
    {
        if (_configuration is not IConfigurationRoot root)
        {
            return new SettingSource("in the configuration", Pinned: true, Saved: false);
        }
        var providers = root.Providers.ToList();
        var mine = providers.FindIndex(p => ReferenceEquals(p, _provider));
        for (var i = providers.Count - 1; i >= 0; i--)
        {
            var provider = providers[i];
            if (provider.TryGet(field.Key, out _) || provider.GetChildKeys([], field.Key).Any())
            {
                return i == mine
                    ? new SettingSource("saved here", Pinned: false, Saved: true)
                    : new SettingSource(Describe(provider, field), Pinned: i > mine, Saved: false);
            }
        }
        return new SettingSource("the default", Pinned: false, Saved: false);
    }

    private static string Describe(IConfigurationProvider provider, SettingField field) => provider switch
    {
        Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider json => "in " + (Path.GetFileName(json.Source.Path) ?? "a settings file"),
        Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider =>
            "by the environment variable " + field.Key.Replace(":", "__", StringComparison.Ordinal) + (field.IsList ? "__0, __1, …" : ""),
        Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider => "on the command line",
        _ => "in the host's configuration",
    };

    /// <summary>
    /// Saves the form's values for every field not pinned by the configuration: a value equal to the default is not
    /// stored (a later default applies to it), a secret left empty keeps its value. Nothing is saved if a value is refused.
    /// </summary>
    public async Task<EditResult<IReadOnlyList<SettingChange>>> SaveAsync(IReadOnlyDictionary<string, string?> form, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var editable = SettingField.All.Where(f => !SourceOf(f).Pinned).ToList();
        var entries = new Dictionary<SettingField, Dictionary<string, string>?>();
        foreach (var field in editable)
        {
            var raw = form.GetValueOrDefault(field.Key);
            if (field.Kind == FieldKind.Secret && form.GetValueOrDefault(field.Key + ":clear") == "true")
            {
                entries[field] = [];
            }
            else if (field.Kind == FieldKind.Secret && string.IsNullOrEmpty(raw))
            {
                entries[field] = null; // kept as it is
            }
            else if (SettingParsing.Parse(field, raw, out var parsed) is { } error)
            {
                errors.Add(field.Key, error);
            }
            else
            {
                entries[field] = parsed;
            }
        }
        // Fields that could not be read keep their value in the check, so that every other refusal shows at once.
        foreach (var section in editable.Select(f => f.Section).Distinct())
        {
            var candidate = _configuration.GetSection(section).AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var (field, values) in entries.Where(e => e.Value is not null && e.Key.Section == section))
            {
                foreach (var key in candidate.Keys.Where(field.Owns).ToList())
                {
                    candidate.Remove(key);
                }
                foreach (var (key, value) in values!)
                {
                    candidate[key] = value;
                }
            }
            foreach (var (key, message) in Refusals(section, candidate))
            {
                errors.Add(SettingField.All.FirstOrDefault(f => f.Owns(key))?.Key ?? "", message);
            }
        }
        if (errors.Any)
        {
            return new Invalid<IReadOnlyList<SettingChange>>(errors.ToDictionary());
        }
        var before = editable.ToDictionary(f => f, View);
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            var rows = await db.StoredSettings.ToListAsync(ct);
            var now = _clock.GetUtcNow().UtcDateTime;
            foreach (var (field, values) in entries.Where(e => e.Value is not null))
            {
                var old = rows.Where(r => field.Owns(r.Key)).ToDictionary(r => r.Key, StringComparer.OrdinalIgnoreCase);
                var secret = field.Kind == FieldKind.Secret;
                db.StoredSettings.RemoveRange(old.Values.Where(r => !values!.ContainsKey(r.Key)));
                foreach (var (key, value) in values!)
                {
                    if (!old.TryGetValue(key, out var row))
                    {
                        db.StoredSettings.Add(new StoredSetting { Key = key, Value = secret ? _secrets.Protect(value) : value, IsSecret = secret, UpdatedAt = now });
                    }
                    else if (Reveal(row) != value)
                    {
                        (row.Value, row.IsSecret, row.UpdatedAt) = (secret ? _secrets.Protect(value) : value, secret, now);
                    }
                }
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return new Invalid<IReadOnlyList<SettingChange>>(new Dictionary<string, string[]>
                {
                    [""] = ["Someone else saved the settings at the same moment, so nothing of yours was saved: please check the page and save again."],
                });
            }
        }
        await LoadAsync(ct);
        _events.Publish(ChangedEvent);
        var changes = new List<SettingChange>();
        foreach (var field in editable)
        {
            var after = View(field);
            if (field.Kind == FieldKind.Secret ? entries[field] is not null && (before[field].IsSet || after.IsSet) : before[field].Value != after.Value)
            {
                changes.Add(field.Kind == FieldKind.Secret
                    ? new SettingChange(field, before[field].IsSet ? "set" : "not set", after.IsSet ? "changed" : "removed")
                    : new SettingChange(field, before[field].Value, after.Value));
            }
        }
        return new Saved<IReadOnlyList<SettingChange>>(changes);
    }

    /// <summary>Changes only these fields: every other keeps what it shows now (secrets stay as they are).</summary>
    public Task<EditResult<IReadOnlyList<SettingChange>>> ChangeAsync(IReadOnlyDictionary<string, string> changes, CancellationToken ct)
    {
        var form = Views().Where(v => v.Field.Kind != FieldKind.Secret).ToDictionary(v => v.Field.Key, v => (string?)v.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            form[key] = value;
        }
        return SaveAsync(form, ct);
    }

    /// <summary>What an options class's rules refuse in these values of its section, by configuration key.</summary>
    private static IEnumerable<(string Key, string Message)> Refusals(string section, IReadOnlyDictionary<string, string?> values)
    {
        var type = SettingField.All.First(f => f.Section == section).Options;
        object options;
        try
        {
            options = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
        }
        catch (InvalidOperationException e)
        {
            return [("", e.Message)];
        }
        var results = new List<ValidationResult>();
        var context = new ValidationContext(options);
        if (!Validator.TryValidateObject(options, context, results, validateAllProperties: true) && options is IValidatableObject whole)
        {
            // The class's own checks run only once its annotations pass: run them too, so every message shows at once.
            try
            {
                results.AddRange(whole.Validate(context));
            }
            catch (ArgumentException)
            {
                // A value the annotations refused already (a required one left empty).
            }
        }
        return results.SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : [""]).Select(member => ($"{section}:{member}", Message(section, member, r.ErrorMessage ?? "is not allowed."))));
    }

    /// <summary>An options class's message in the form's words: without the setting's key, which the form does not show.</summary>
    private static string Message(string section, string member, string message)
    {
        var key = $"{section}:{member}";
        if (message.StartsWith(key, StringComparison.OrdinalIgnoreCase))
        {
            message = message[key.Length..].TrimStart();
        }
        else if (message.StartsWith($"The field {member} ", StringComparison.Ordinal))
        {
            message = message[$"The field {member} ".Length..];
        }
        else if (message == $"The {member} field is required.")
        {
            return "Please fill this in.";
        }
        return message.Length == 0 ? message : char.ToUpper(message[0], CultureInfo.InvariantCulture) + message[1..];
    }
}
