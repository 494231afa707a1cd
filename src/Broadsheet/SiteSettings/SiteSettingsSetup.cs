using Broadsheet.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Broadsheet.SiteSettings;

public static class SiteSettingsSetup
{
    /// <summary>The saved settings as the lowest configuration source: every file and variable wins over them.</summary>
    public static WebApplicationBuilder AddStoredSettings(this WebApplicationBuilder builder)
    {
        var provider = new StoredSettingsProvider();
        builder.Configuration.Sources.Insert(0, provider);
        builder.Services.AddSingleton(provider);
        return builder;
    }

    public static IServiceCollection AddSiteSettings(this IServiceCollection services)
    {
        // The command line has no saved settings of its own: a provider outside the configuration.
        services.TryAddSingleton<StoredSettingsProvider>();
        services.AddSingleton<StoredSettings>();
        services.AddHostedService<StoredSettingsSync>();
        return services;
    }
}

/// <summary>Every node reads the saved settings again now and then: the announcement of a save can be missed.</summary>
public sealed class StoredSettingsSync(IServiceProvider services, StoredSettings settings) : PeriodicJob(services)
{
    protected override string Name => "settings-sync";

    protected override bool OnEveryNode => true;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    protected override Task RunAsync(CancellationToken ct) => settings.LoadAsync(ct);
}
