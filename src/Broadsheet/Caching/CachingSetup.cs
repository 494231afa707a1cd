using Broadsheet.Infrastructure;
using System.IO.Compression;
using Broadsheet.Infrastructure.Redis;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Broadsheet.Caching;

public static class CachingSetup
{
    public static IServiceCollection AddCaching(this IServiceCollection services)
    {
        services.AddSettings<PageCacheOptions>("Broadsheet:PageCache");
        services.AddSettings<BenchmarkBaseline.Options>("Broadsheet:Benchmark");
        services.AddSingleton<PublicPagePolicy>();
        services.AddOutputCache();
        AddSharedPageStore(services);
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<PageCacheOptions>, PublicPagePolicy>((o, settings, policy) =>
        {
            o.SizeLimit = settings.Value.SizeLimitMegabytes * 1024L * 1024L;
            o.AddBasePolicy(policy);
        });
        services.AddSingleton<PageCache>();
        services.AddSingleton<CdnPurges>();
        services.AddHttpClient(CdnPurges.ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
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

    /// <summary>
    /// Replaces the framework's in-memory page store by <see cref="SharedPageStore"/>, which wraps it together with
    /// ASP.NET Core's Redis store (used when ConnectionStrings__Redis is set) on the site's one Redis connection.
    /// </summary>
    private static void AddSharedPageStore(IServiceCollection services)
    {
        var memoryStore = services.Single(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(memoryStore);
        var redisStoreType = new ServiceCollection().AddStackExchangeRedisOutputCache(_ => { })
            .Single(d => d.ServiceType == typeof(IOutputCacheStore)).ImplementationType
            ?? throw new InvalidOperationException("The Redis output cache store is registered in an unexpected way.");
        services.AddOptions<RedisOutputCacheOptions>().Configure<RedisConnection>((o, redis) =>
        {
            o.InstanceName = "broadsheet:pages:";
            o.ConnectionMultiplexerFactory = () => Task.FromResult(redis.Multiplexer!);
        });
        services.AddSingleton<IOutputCacheStore>(provider =>
        {
            var redis = provider.GetRequiredService<RedisConnection>();
            var memory = (IOutputCacheStore)memoryStore.ImplementationFactory!(provider);
            var shared = redis.IsConfigured ? (IOutputCacheStore)ActivatorUtilities.CreateInstance(provider, redisStoreType) : null;
            return new SharedPageStore(memory, shared, redis, provider.GetRequiredService<ILogger<SharedPageStore>>());
        });
    }

    /// <summary>
    /// The cache answers before routing and authentication, which a cached page needs neither of; whether a response
    /// may be stored is decided once its endpoint is known (<see cref="PublicPagePolicy"/>).
    /// </summary>
    public static IApplicationBuilder UsePageCache(this IApplicationBuilder app) => app.UseOutputCache();

    /// <summary>After routing (they read the endpoint), inside the cache, so that it keeps what they produce.</summary>
    public static IApplicationBuilder UseETagsAndCompression(this IApplicationBuilder app)
    {
        app.UseMiddleware<ETagging>();
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/admin"), site => site.UseResponseCompression());
        return app;
    }
}
