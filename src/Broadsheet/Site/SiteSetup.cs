using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Microsoft.Extensions.FileProviders;

namespace Broadsheet.Site;

public static class SiteSetup
{
    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddSettings<SiteOptions>("Broadsheet:Site");
        services.AddSingleton<SiteClock>();
        services.AddSingleton<ThemeFiles>();
        return services;
    }

    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckHealth).WithName("Health").WithTags("Site");
        app.MapGet("/readyz", Readiness.CheckAsync).WithName("Readiness").WithTags("Site");
        app.MapGet("/custom.css", (ThemeFiles theme) =>
            File.Exists(theme.CustomCssPath) ? Results.File(theme.CustomCssPath, "text/css; charset=utf-8") : Results.NotFound())
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The data directory's "media" folder at /media/ (a logo, images for pages).</summary>
    public static IApplicationBuilder UseMediaFiles(this IApplicationBuilder app)
    {
        var theme = app.ApplicationServices.GetRequiredService<ThemeFiles>();
        Directory.CreateDirectory(theme.MediaDirectory);
        return app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(theme.MediaDirectory), RequestPath = "/media" });
    }

    /// <summary>200 when the database answers, 503 when it does not.</summary>
    private static async Task<IResult> CheckHealth(BroadsheetDb db, CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct)
            ? TypedResults.Text("ok")
            : TypedResults.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
}
