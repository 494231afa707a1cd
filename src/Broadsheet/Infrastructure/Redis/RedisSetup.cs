namespace Broadsheet.Infrastructure.Redis;

public static class RedisSetup
{
    public static IServiceCollection AddRedis(this IServiceCollection services)
    {
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<SiteEvents>();
        return services;
    }
}
