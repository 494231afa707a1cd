namespace Broadsheet.Sections;

public static class SectionsSetup
{
    public static IServiceCollection AddSections(this IServiceCollection services) =>
        services.AddSingleton<SectionTreeCache>().AddScoped<SectionEditing>();
}
