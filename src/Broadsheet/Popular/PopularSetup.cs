namespace Broadsheet.Popular;

public static class PopularSetup
{
    public static IServiceCollection AddPopular(this IServiceCollection services)
    {
        services.AddOptions<PopularOptions>().BindConfiguration("Broadsheet:Popular").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PopularCounter>();
        services.AddSingleton<PopularQueries>();
        services.AddSingleton<PopularFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<PopularFlusher>());
        return services;
    }
}
