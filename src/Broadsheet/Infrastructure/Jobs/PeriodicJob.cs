namespace Broadsheet.Infrastructure.Jobs;

/// <summary>
/// A background job run every <see cref="Interval"/>. One that must run once for the whole site
/// (<see cref="OnEveryNode"/> false) runs only on the node holding its lease; the others ask for it every few
/// seconds, so when that node dies another takes over at once. An error is logged and retried after
/// <see cref="RetryAfter"/>; it never ends the job, let alone the site.
/// </summary>
public abstract class PeriodicJob(IServiceProvider services) : BackgroundService
{
    protected abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>True for work about this node's own memory (syncing its copy of the spam model).</summary>
    protected virtual bool OnEveryNode => false;

    protected virtual TimeSpan RetryAfter => TimeSpan.FromSeconds(Math.Min(30, Interval.TotalSeconds));

    /// <summary>How often a node without the lease asks for it again.</summary>
    public static readonly TimeSpan LeaseRetry = TimeSpan.FromSeconds(5);

    /// <summary>One run; the job's own code, without the loop.</summary>
    protected abstract Task RunAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the site serves its first page while this gets going.
        await Task.Yield();
        var clock = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());
        Lease? lease = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = Interval;
                try
                {
                    if (!OnEveryNode && lease is { Lost.IsCancellationRequested: true })
                    {
                        logger.LogWarning("Lost the lease of job {Job}; asking for it again.", Name);
                        await DisposeQuietlyAsync(lease);
                        lease = null;
                    }
                    if (!OnEveryNode && lease is null)
                    {
                        lease = await services.GetRequiredService<Leases>().TryAcquireAsync("job:" + Name, TimeSpan.Zero, stoppingToken);
                    }
                    if (OnEveryNode || lease is not null)
                    {
                        await RunAsync(stoppingToken);
                    }
                    else
                    {
                        // Another node holds the job: ask again soon, so that its death costs seconds, not an interval.
                        wait = Interval < LeaseRetry ? Interval : LeaseRetry;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Job {Job} failed; trying again in {Seconds} s.", Name, RetryAfter.TotalSeconds);
                    wait = RetryAfter;
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
        finally
        {
            await DisposeQuietlyAsync(lease);
        }
    }

    private static async Task DisposeQuietlyAsync(Lease? lease)
    {
        try
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            // The connection that held it is gone, and the lease with it.
        }
    }
}
