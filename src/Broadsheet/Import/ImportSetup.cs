using Broadsheet.Infrastructure;

namespace Broadsheet.Import;

public static class ImportSetup
{
    public static IServiceCollection AddImport(this IServiceCollection services)
    {
        services.AddScoped<WxrImport>().AddSingleton<AttachmentFiles>().AddSingleton<ImportRuns>();
        services.AddSettings<ImportOptions>("Broadsheet:Import");
        services.AddHttpClient(AttachmentFiles.ClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(30);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Broadsheet-WordPress-import");
        });
        return services;
    }
}
