namespace Broadsheet.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditRetention>());
        return services;
    }
}
