using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Broadsheet.Infrastructure.Metrics;

/// <summary>Bound from "Broadsheet:Metrics".</summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Broadsheet:Metrics";

    /// <summary>Serve the metrics for Prometheus to scrape at <see cref="PrometheusPath"/>.</summary>
    public bool Prometheus { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// Who may scrape, besides this machine (loopback): networks in CIDR notation, e.g. 10.0.0.0/8. The address
    /// is the client's as the forwarded headers settle it, so a scrape through the public proxy is refused.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Also push metrics over OTLP to this collector, e.g. http://otel-collector:4317.</summary>
    public Uri? OtlpEndpoint { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PrometheusPath.StartsWith('/') || PrometheusPath.Length < 2)
        {
            yield return new ValidationResult($"Broadsheet:Metrics:PrometheusPath '{PrometheusPath}' must be a path such as /metrics.", [nameof(PrometheusPath)]);
        }
        foreach (var network in AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"Broadsheet:Metrics:AllowedNetworks '{network}' is not a network in CIDR notation, such as 10.0.0.0/8.", [nameof(AllowedNetworks)]);
            }
        }
        if (OtlpEndpoint is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult($"Broadsheet:Metrics:OtlpEndpoint '{OtlpEndpoint}' must be an http or https address.", [nameof(OtlpEndpoint)]);
        }
    }

    public bool MayScrape(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return IPAddress.IsLoopback(address) || AllowedNetworks.Any(n => IPNetwork.TryParse(n, out var network) && network.Contains(address));
    }
}
