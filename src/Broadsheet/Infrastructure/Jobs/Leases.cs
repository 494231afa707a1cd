using System.Collections.Concurrent;
using Broadsheet.Infrastructure.Db;
using Medallion.Threading;
using Medallion.Threading.Postgres;

namespace Broadsheet.Infrastructure.Jobs;

/// <summary>A lease held by this node; <see cref="Lost"/> fires when the database no longer vouches for it.</summary>
public sealed class Lease(IAsyncDisposable release, CancellationToken lost) : IAsyncDisposable
{
    public CancellationToken Lost { get; } = lost;

    public ValueTask DisposeAsync() => release.DisposeAsync();
}

/// <summary>
/// Named leases, so that one node at a time does a thing (start-up migrations, a purge job). On PostgreSQL they are
/// advisory locks (DistributedLock.Postgres), held on a connection of their own: when a node dies its connection
/// closes and the lease is free for the next node at once. SQLite is one node, so an in-process lock serves.
/// </summary>
public sealed class Leases(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _local = new();

    /// <summary>Waits up to <paramref name="timeout"/> for the lease.</summary>
    public async Task<Lease> AcquireAsync(string name, TimeSpan timeout, CancellationToken ct) =>
        await TryAcquireAsync(name, timeout, ct) ?? throw new TimeoutException($"The '{name}' lease was not free within {timeout}.");

    /// <summary>The lease, or null when another node holds it.</summary>
    public async Task<Lease?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken ct)
    {
        if (DatabaseSetup.IsPostgres(services))
        {
            var advisory = new PostgresDistributedLock(
                new PostgresAdvisoryLockKey("broadsheet:" + name, allowHashing: true),
                LeaseConnectionString(name),
                o => o.UseMultiplexing(false).KeepaliveCadence(TimeSpan.FromSeconds(30)));
            return await advisory.TryAcquireAsync(wait, ct) is { } handle ? new Lease(handle, handle.HandleLostToken) : null;
        }
        var local = _local.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        return await local.WaitAsync(wait, ct) ? new Lease(new Release(local), CancellationToken.None) : null;
    }

    /// <summary>
    /// The lease's own connection names the lease after the node's application name ("broadsheet-node-a lease:job:spam-purge"),
    /// so pg_stat_activity shows an operator which node holds what.
    /// </summary>
    private string LeaseConnectionString(string name)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(services));
        builder.ApplicationName = $"{builder.ApplicationName ?? "broadsheet"} lease:{name}";
        return builder.ConnectionString;
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
