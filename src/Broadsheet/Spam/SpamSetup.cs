using Broadsheet.Infrastructure;
using Broadsheet.Comments;

namespace Broadsheet.Spam;

public static class SpamSetup
{
    public static IServiceCollection AddSpam(this IServiceCollection services)
    {
        services.AddSettings<SpamOptions>("Broadsheet:Spam");
        services.AddSingleton<SpamFilter>();
        services.AddSettings<AkismetOptions>("Broadsheet:Spam:Akismet");
        services.AddHttpClient<AkismetClient>();
        services.AddSingleton<FormStamp>();
        services.AddScoped<SpamQueue>();
        services.AddSingleton<SpamUpkeep>();
        services.AddHostedService(provider => provider.GetRequiredService<SpamUpkeep>());
        services.AddHostedService<SpamSync>();
        return services;
    }
}
