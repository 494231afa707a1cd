namespace Broadsheet.Infrastructure.Db;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one file in the data directory, one node.</summary>
    Sqlite,

    /// <summary>For several nodes: ConnectionStrings__Postgres (docs/scaling.md).</summary>
    Postgres,
}

/// <summary>"Broadsheet:Database" (PRODUCT.md, scale-out).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
