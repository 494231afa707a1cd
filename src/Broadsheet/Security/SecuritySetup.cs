namespace Broadsheet.Security;

public static class SecuritySetup
{
    /// <summary>Early, so that every response (errors, files, cached pages) gets the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();

    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(CspReports.Path, CspReports.ReceiveAsync).ExcludeFromDescription();
        return app;
    }
}
