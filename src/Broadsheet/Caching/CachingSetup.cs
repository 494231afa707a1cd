using System.IO.Compression;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Broadsheet.Caching;

public static class CachingSetup
{
    public static IServiceCollection AddCaching(this IServiceCollection services)
    {
        services.AddOptions<PageCacheOptions>().BindConfiguration("Broadsheet:PageCache").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PublicPagePolicy>();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<PageCacheOptions>, PublicPagePolicy>((o, settings, policy) =>
        {
            o.SizeLimit = settings.Value.SizeLimitMegabytes * 1024L * 1024L;
            o.AddBasePolicy(policy);
        });
        services.AddSingleton<PageCache>();
        services.AddResponseCompression(o =>
        {
            // Public pages carry no secrets (the comment form has no per-reader token), so HTTPS compression is
            // safe for them; the admin, whose forms carry antiforgery tokens, is never compressed (BREACH).
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes,
                "application/rss+xml", "application/atom+xml", "application/problem+json", "image/svg+xml"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>After routing (the cache reads the endpoint), before authentication (a cached page needs none).</summary>
    public static IApplicationBuilder UseCaching(this IApplicationBuilder app)
    {
        app.UseOutputCache();
        app.UseMiddleware<ETagging>();
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/admin"), site => site.UseResponseCompression());
        return app;
    }
}
