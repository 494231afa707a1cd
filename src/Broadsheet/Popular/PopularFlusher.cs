using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Popular;

/// <summary>Saves buffered view counts every FlushIntervalSeconds and once more at shutdown.</summary>
public sealed class PopularFlusher(
    PopularCounter counter, IServiceScopeFactory scopes, PopularQueries popular,
    IOptionsMonitor<PopularOptions> options, TimeProvider clock, ILogger<PopularFlusher> logger) : BackgroundService
{
    // One flush at a time: a second caller (a stop racing the timer, or two stops) waits until the first has saved.
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _savedAtTicks = clock.GetUtcNow().UtcTicks;

    /// <summary>When every view counted until then was last saved (or there was nothing to save).</summary>
    public DateTime SavedAt => new(Interlocked.Read(ref _savedAtTicks), DateTimeKind.Utc);

    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            await counter.SettleAsync();
            await SaveAsync(counter.TakePending(), ct);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task SaveAsync(IReadOnlyDictionary<(int ArticleId, DateTime Hour), long> counts, CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow().UtcTicks;
        if (counts.Count == 0)
        {
            Interlocked.Exchange(ref _savedAtTicks, startedAt);
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var ((articleId, hour), views) in counts)
            {
                // One statement per bucket, portable to SQLite and PostgreSQL; articles deleted meanwhile are skipped.
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "ArticleViews" ("ArticleId", "HourStart", "Views")
                    SELECT {articleId}, {hour}, {views} WHERE EXISTS (SELECT 1 FROM "Articles" WHERE "Id" = {articleId})
                    ON CONFLICT ("ArticleId", "HourStart") DO UPDATE SET "Views" = "ArticleViews"."Views" + excluded."Views"
                    """, ct);
            }
            await transaction.CommitAsync(ct);
            Interlocked.Exchange(ref _savedAtTicks, startedAt);
            popular.Invalidate();
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or OperationCanceledException)
        {
            counter.Return(counts);
            logger.LogWarning(e, "Could not save {Buckets} view-count buckets; they will be retried.", counts.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.FlushIntervalSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await FlushAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            // Even when stopping was cut short, save the last counts, or wait for a flush already saving them,
            // before the host may dispose the services that flush needs.
            await FlushAsync(CancellationToken.None);
        }
    }
}
