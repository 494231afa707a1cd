using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure;

/// <summary>
/// "Broadsheet:ForwardedHeaders" (PRODUCT.md, Settings): the reverse proxies whose X-Forwarded-For, -Proto and -Host
/// are believed. Nobody's by default; a header from any other address is ignored, so a reader cannot pose as another.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    /// <summary>Proxy addresses, IPv4 or IPv6: Broadsheet__ForwardedHeaders__KnownProxies__0=10.0.0.5.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR: Broadsheet__ForwardedHeaders__KnownNetworks__0=10.0.0.0/24.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (proxy, i) in KnownProxies.Select((p, i) => (p, i)).Where(p => !IPAddress.TryParse(p.p, out _)))
        {
            yield return new ValidationResult(
                $"Broadsheet__ForwardedHeaders__KnownProxies__{i} is '{proxy}', which is not an IP address.", [nameof(KnownProxies)]);
        }
        foreach (var (network, i) in KnownNetworks.Select((n, i) => (n, i)).Where(n => !System.Net.IPNetwork.TryParse(n.n, out _)))
        {
            yield return new ValidationResult(
                $"Broadsheet__ForwardedHeaders__KnownNetworks__{i} is '{network}', which is not a network in CIDR notation (such as 10.0.0.0/24).", [nameof(KnownNetworks)]);
        }
    }
}

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddBroadsheetForwardedHeaders(this IServiceCollection services)
    {
        services.AddSettings<ForwardedHeadersSettings>("Broadsheet:ForwardedHeaders");
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, settings) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; here only what the settings name is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in settings.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            // A chain of trusted proxies (a CDN, then nginx) is walked back to the first address none of them is.
            o.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it (view counting, comments, links) sees the reader.</summary>
    public static IApplicationBuilder UseBroadsheetForwardedHeaders(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        return settings.KnownProxies.Count + settings.KnownNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }
}
