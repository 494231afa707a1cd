using Broadsheet.Comments;

namespace Broadsheet.Spam;

public static class SpamSetup
{
    public static IServiceCollection AddSpam(this IServiceCollection services)
    {
        services.AddOptions<SpamOptions>().BindConfiguration("Broadsheet:Spam").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SpamFilter>();
        services.AddOptions<AkismetOptions>().BindConfiguration("Broadsheet:Spam:Akismet").ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<AkismetClient>();
        services.AddSingleton<FormStamp>();
        services.AddScoped<SpamQueue>();
        services.AddSingleton<SpamUpkeep>();
        services.AddHostedService(provider => provider.GetRequiredService<SpamUpkeep>());
        services.AddHostedService<SpamSync>();
        return services;
    }
}
