using Broadsheet.Infrastructure;
namespace Broadsheet.Popular;

public static class PopularSetup
{
    public static IServiceCollection AddPopular(this IServiceCollection services)
    {
        services.AddSettings<PopularOptions>("Broadsheet:Popular");
        services.AddSingleton<PopularCounter>();
        services.AddSingleton<PopularQueries>();
        services.AddSingleton<PopularFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<PopularFlusher>());
        return services;
    }
}
