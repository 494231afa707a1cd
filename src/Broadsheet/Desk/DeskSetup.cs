using Broadsheet.Infrastructure;

namespace Broadsheet.Desk;

public static class DeskSetup
{
    public static IServiceCollection AddDesk(this IServiceCollection services)
    {
        services.AddSettings<WorkflowOptions>("Broadsheet:Workflow");
        services.AddSingleton<DeskStages>();
        services.AddScoped<DeskRules>().AddScoped<DeskNotifications>().AddScoped<DeskBoard>();
        return services;
    }
}
