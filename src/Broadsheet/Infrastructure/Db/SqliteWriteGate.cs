namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// SQLite takes one writer at a time. Writers on a hot path (posting comments) queue here, in the process, and each
/// starts the moment the one before commits; left to SQLite's busy handler, they would poll the lock with sleeps of
/// up to 100 ms and the database would sit idle between them.
/// </summary>
public sealed class SqliteWriteGate(SqlDialect dialect) : IDisposable
{
    private static readonly IDisposable Open = new NoGate();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>On PostgreSQL, which takes many writers at once, the gate is always open.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        if (!dialect.SerializesWrites)
        {
            return Open;
        }
        await _gate.WaitAsync(ct);
        return new Exit(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class NoGate : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
