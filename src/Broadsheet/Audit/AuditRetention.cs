using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Audit;

/// <summary>Deletes audit entries older than a year, daily, on one node.</summary>
public sealed class AuditRetention(IServiceProvider services, IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditRetention> logger)
    : PeriodicJob(services)
{
    public const int KeptDays = 365;

    protected override string Name => "audit-retention";

    protected override TimeSpan Interval => TimeSpan.FromDays(1);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-KeptDays);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().AuditEntries.Where(e => e.At < before).ExecuteDeleteAsync(ct);
    }

    protected override async Task RunAsync(CancellationToken ct)
    {
        var deleted = await RunOnceAsync(ct);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} audit entries older than a year.", deleted);
        }
    }
}
