using Broadsheet.Admin.Articles;

namespace Broadsheet.Admin;

public static class AdminSetup
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddScoped<ArticleListing>().AddScoped<DashboardFigures>();
        return services;
    }
}
