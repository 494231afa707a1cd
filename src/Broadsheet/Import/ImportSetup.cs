namespace Broadsheet.Import;

public static class ImportSetup
{
    public static IServiceCollection AddImport(this IServiceCollection services) => services.AddScoped<WxrImport>();
}
