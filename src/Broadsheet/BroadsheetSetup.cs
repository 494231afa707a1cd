using Broadsheet.Admin;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Authors;
using Broadsheet.Caching;
using Broadsheet.Comments;
using Broadsheet.Corrections;
using Broadsheet.Demo;
using Broadsheet.Feeds;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Logging;
using Broadsheet.Infrastructure.Metrics;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Redis;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Audit;
using Broadsheet.Desk;
using Broadsheet.Discovery;
using Broadsheet.Media;
using Broadsheet.Newsletters;
using Broadsheet.Popular;
using Broadsheet.Privacy;
using Broadsheet.Import;
using Broadsheet.Search;
using Broadsheet.Security;
using Broadsheet.Sections;
using Broadsheet.Site;
using Broadsheet.SiteSettings;
using Broadsheet.Spam;
using Broadsheet.StaticPages;
using Broadsheet.Tags;
using Broadsheet.WordPressApi;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace Broadsheet;

/// <summary>The whole application in three calls, so Program.cs stays short and the middleware order is visible here.</summary>
public static class BroadsheetSetup
{
    public static WebApplicationBuilder AddBroadsheet(this WebApplicationBuilder builder)
    {
        // Serve the build's static assets (and their compressed twins) when running from a build rather than a
        // publish, in every environment: `dotnet run` is Production here. A published app has no such manifest.
        builder.WebHost.UseStaticWebAssets();
        builder.AddBroadsheetLogging();
        builder.AddStoredSettings();
        builder.Services.AddBroadsheetServices(builder.Configuration);
        builder.Services.AddBroadsheetMetricsExport(builder.Configuration);
        return builder;
    }

    /// <summary>Everything but the web host; the CLI uses the same services.</summary>
    public static IServiceCollection AddBroadsheetServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<BroadsheetOptions>(BroadsheetOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddBroadsheetMetrics();
        services.AddMemoryCache();
        services.AddRedis();
        services.AddBroadsheetForwardedHeaders();
        services.AddRateLimits();
        services.AddRequestLimits();
        services.AddCaching();
        services.AddSingleton<SiteKeys>();
        services.AddBroadsheetDataProtection(configuration);
        services.AddBroadsheetDb();
        services.AddSite();
        services.AddSections();
        services.AddArticles();
        services.AddCorrections();
        services.AddNewsletters();
        services.AddSearch();
        services.AddHttpContextAccessor().AddScoped(provider => new WordPressShapes(
            provider.GetRequiredService<IHttpContextAccessor>().HttpContext!, provider.GetRequiredService<SiteClock>(),
            provider.GetRequiredService<Media.IMediaStore>(), provider.GetRequiredService<Infrastructure.Secrets.SiteKeys>()));
        services.AddImport();
        services.AddScoped<StaticPageEditing>().AddScoped<Terms.TermEditing>();
        services.AddPopular();
        services.AddComments();
        services.AddSpam();
        services.AddAccounts();
        services.AddAdmin();
        services.AddMedia();
        services.AddDesk();
        services.AddAudit();
        services.AddSiteSettings();
        services.AddSettings<SitemapOptions>(SitemapOptions.Section);
        services.AddSettings<FeedsOptions>(FeedsOptions.Section);
        services.AddScoped<DemoSeeder>();

        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.ConfigureFilter(new UnhandledMethods());
            o.Conventions.AuthorizeFolder("/Admin", SignIn.Policy).AllowAnonymousToPage("/Admin/LoginPage")
                .AllowAnonymousToPage("/Admin/TwoFactorPage").AllowAnonymousToPage("/Admin/ForgotPasswordPage").AllowAnonymousToPage("/Admin/ResetPasswordPage").AllowAnonymousToPage("/Admin/WelcomePage");
        });
        // Names like "Lucía" stay readable in the HTML instead of turning into character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        return services;
    }

    public static WebApplication UseBroadsheet(this WebApplication app)
    {
        app.UseBenchmarkBaseline();
        app.UseBroadsheetForwardedHeaders();
        app.UseBroadsheetMetrics();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseMiddleware<RequestLimits>();
        // Errors without a body: problem JSON for the API, the helpful 404 page for everything else.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments(WordPressApiEndpoints.Root), html => html.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseMiddleware<ViewCounting>();
        app.UseUploadedMedia();
        app.UseMediaFiles();
        app.UseWordPressApiDiscovery();
        app.UsePageCache();
        app.UseRouting();
        app.UseETagsAndCompression();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimits();
        return app;
    }

    public static WebApplication MapBroadsheet(this WebApplication app)
    {
        // Theme files under fingerprinted names, precompressed, served "immutable" (MapStaticAssets).
        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapSectionEndpoints();
        app.MapArticleEndpoints();
        app.MapCorrectionEndpoints();
        app.MapTagEndpoints();
        app.MapAuthorEndpoints();
        app.MapStaticPageEndpoints();
        app.MapPopularEndpoints();
        app.MapCommentEndpoints();
        app.MapTokenEndpoints();
        app.MapSpamEndpoints();
        app.MapAvatars();
        app.MapPrivacyEndpoints();
        app.MapNewsletterEndpoints();
        app.MapSiteEndpoints();
        app.MapSecurityEndpoints();
        app.MapFeedEndpoints();
        app.MapSitemapEndpoints();
        app.MapSearchEndpoints();
        app.MapWordPressApi();
        app.MapRazorPages().WithStaticAssets().WithMetadata(PublicPage.Instance);
        return app;
    }

    /// <summary>
    /// Schema, keys, bootstrap accounts and (for a new site) demo content, before the first request; one node at a
    /// time, so nodes starting together neither race the migrations nor seed twice.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app, bool seedDemoContent)
    {
        var ct = app.Lifetime.ApplicationStopping;
        await using var lease = await DatabaseSetup.StartUpLeaseAsync(app.Services, ct);
        await DatabaseSetup.MigrateAsync(app.Services, ct);
        await DataProtectionSetup.EnsureKeysAsync(app.Services, ct);
        await app.Services.GetRequiredService<StoredSettings>().LoadAsync(ct);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountBootstrap>().EnsureAsync(ct);
        if (seedDemoContent && app.Services.GetRequiredService<IOptions<BroadsheetOptions>>().Value.SeedDemoContent)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(ct);
        }
    }
}
