using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// Every SQLite connection runs with synchronous=NORMAL, the setting SQLite recommends with WAL: a commit no longer
/// waits for the disk, and the database can never be corrupted; a power cut (not a crash of the app) may lose the
/// last moments of commits (docs/decisions/0009). A writer that finds the database busy waits inside SQLite for up
/// to 10 s instead of failing at once. Set once per pooled SQLite handle, not at every open.
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragma(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragma(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool NeedsPragma(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
}
