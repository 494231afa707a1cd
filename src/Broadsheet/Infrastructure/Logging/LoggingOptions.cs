using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Infrastructure.Logging;

/// <summary>Bound from "Broadsheet:Logging".</summary>
public sealed class LoggingOptions
{
    public const string Section = "Broadsheet:Logging";

    /// <summary>
    /// "text" (the console's usual lines) or "json": one JSON object a line, with the request's id and trace id in
    /// its scopes, for a log shipper. Either way the site logs no raw address, email or token.
    /// </summary>
    [RegularExpression("^(text|json)$", ErrorMessage = "Broadsheet:Logging:Format must be text or json.")]
    public string Format { get; set; } = "text";
}

public static class LoggingSetup
{
    public static WebApplicationBuilder AddBroadsheetLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<LoggingOptions>(LoggingOptions.Section);
        if (string.Equals(builder.Configuration[$"{LoggingOptions.Section}:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        return builder;
    }
}
