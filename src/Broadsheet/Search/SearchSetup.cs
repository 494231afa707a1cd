using Broadsheet.Infrastructure.Db;

namespace Broadsheet.Search;

public static class SearchSetup
{
    public static IServiceCollection AddSearch(this IServiceCollection services) =>
        services.AddSingleton<ISearchEngine>(provider => DatabaseSetup.IsPostgres(provider) ? new PostgresSearch() : new SqliteSearch())
            .AddScoped<SearchIndex>().AddScoped<ArticleSearch>().AddScoped<SearchFilters>().AddHostedService<SearchCatchUp>();
}

/// <summary>
/// Once at start-up, in the background: entries for listed articles that have none (a database from before search,
/// one copied from SQLite, articles written by a script). Saves through the site index at once; this is for the rest.
/// </summary>
public sealed partial class SearchCatchUp(IServiceScopeFactory scopes, ILogger<SearchCatchUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var written = await scope.ServiceProvider.GetRequiredService<SearchIndex>().CatchUpAsync(stoppingToken);
            if (written > 0)
            {
                CaughtUp(log, written);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(log, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search: indexed {Count} articles that had no entry.")]
    private static partial void CaughtUp(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search: catching up the index failed; `reindex` rebuilds it.")]
    private static partial void Failed(ILogger logger, Exception error);
}
