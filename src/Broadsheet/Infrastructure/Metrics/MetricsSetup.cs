using Broadsheet.Infrastructure;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Broadsheet.Infrastructure.Metrics;

public static class MetricsSetup
{
    /// <summary>The instruments, which the features count on whether or not anything collects them.</summary>
    public static IServiceCollection AddBroadsheetMetrics(this IServiceCollection services)
    {
        services.AddSettings<MetricsOptions>(MetricsOptions.Section);
        services.AddSingleton<BroadsheetMetrics>();
        services.AddSingleton<BroadsheetGauges>();
        return services;
    }

    /// <summary>OpenTelemetry's collection, when a Prometheus endpoint or an OTLP collector is configured.</summary>
    public static IServiceCollection AddBroadsheetMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        MetricsOptions settings;
        try
        {
            settings = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        }
        catch (InvalidOperationException)
        {
            // A value of the wrong type: start-up's settings check names it and stops.
            return services;
        }
        if (!settings.Prometheus && settings.OtlpEndpoint is null)
        {
            return services;
        }
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(BroadsheetMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
            if (settings.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }
            if (settings.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
            }
        });
        return services;
    }

    /// <summary>The scrape endpoint, first in the pipeline, answered only to loopback and the allowed networks.</summary>
    public static IApplicationBuilder UseBroadsheetMetrics(this WebApplication app)
    {
        // The gauges exist from the start, whoever collects them.
        app.Services.GetRequiredService<BroadsheetGauges>();
        var settings = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (settings.Prometheus)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
                http.Request.Path == settings.PrometheusPath && settings.MayScrape(http.Connection.RemoteIpAddress)
                // Still carrying X-Forwarded-For: it came through a proxy the settings do not name, maybe from anywhere.
                && !http.Request.Headers.ContainsKey("X-Forwarded-For"));
        }
        return app;
    }
}
