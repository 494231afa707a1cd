using Broadsheet.Infrastructure.Db;

namespace Broadsheet.Site;

public static class SiteSetup
{
    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration("Broadsheet:Site").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SiteClock>();
        return services;
    }

    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckHealth).WithName("Health").WithTags("Site");
        return app;
    }

    /// <summary>200 when the database answers, 503 when it does not.</summary>
    private static async Task<IResult> CheckHealth(BroadsheetDb db, CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct)
            ? TypedResults.Text("ok")
            : TypedResults.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
}
