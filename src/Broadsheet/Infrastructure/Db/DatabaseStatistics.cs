using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// Keeps SQLite's table statistics current for its query planner (PRAGMA optimize, sampled with analysis_limit),
/// once the site is up and then every six hours: on a large database the first run takes seconds, which the first
/// page after a start should not wait for.
/// </summary>
public sealed class DatabaseStatistics(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DatabaseStatistics> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromHours(6);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
                await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=400; PRAGMA optimize=0x10002;", stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                logger.LogWarning(e, "Could not refresh the database statistics; trying again in an hour.");
                wait = TimeSpan.FromHours(1);
            }
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
