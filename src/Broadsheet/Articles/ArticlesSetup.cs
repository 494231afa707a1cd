namespace Broadsheet.Articles;

public static class ArticlesSetup
{
    public static IServiceCollection AddArticles(this IServiceCollection services) =>
        services.AddSingleton<MarkdownRenderer>().AddScoped<StoredHtml>().AddScoped<ArticleEditing>().AddScoped<ArticleAutosaves>().AddScoped<ArticleQueries>().AddSingleton<ArticlePreviewLinks>()
            .AddHostedService<ScheduledPublishing>();
}
