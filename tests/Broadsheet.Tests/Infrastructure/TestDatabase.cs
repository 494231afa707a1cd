using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The database leg of the test matrix. `./test.sh` runs the whole suite twice: on SQLite files, then with
/// BROADSHEET_TEST_DATABASE=postgres on the real PostgreSQL it started (BROADSHEET_TEST_POSTGRES). On PostgreSQL,
/// each data directory gets a database of its own, named from the directory, so a restart test that starts a second
/// app on the same directory finds the same data; the app creates it, <see cref="Drop"/> removes it.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("BROADSHEET_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server the PostgreSQL leg runs on; a missing one fails the leg rather than skipping it.</summary>
    public static string Server => Environment.GetEnvironmentVariable("BROADSHEET_TEST_POSTGRES") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException("BROADSHEET_TEST_DATABASE=postgres needs BROADSHEET_TEST_POSTGRES (./test.sh sets both).");

    public static string NameFor(string dataDirectory) =>
        "bs_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];

    public static string ConnectionStringFor(string dataDirectory) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = NameFor(dataDirectory) }.ConnectionString;

    /// <summary>The settings that put an app (or a CLI run) for this data directory on this leg's database.</summary>
    public static Dictionary<string, string?> Settings(string dataDirectory) => IsPostgres
        ? new()
        {
            ["Broadsheet:DataDirectory"] = dataDirectory,
            ["Broadsheet:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = ConnectionStringFor(dataDirectory),
        }
        : new() { ["Broadsheet:DataDirectory"] = dataDirectory };

    public static void Drop(string dataDirectory)
    {
        if (IsPostgres)
        {
            DropDatabase(NameFor(dataDirectory));
        }
    }

    public static void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        drop.ExecuteNonQuery();
    }

    /// <summary>Whether any stored row holds the text: the SQLite files' bytes, or every PostgreSQL row as text.</summary>
    public static async Task<bool> ContainsTextAsync(string dataDirectory, string text)
    {
        if (!IsPostgres)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var bytes = new List<byte>();
            foreach (var file in new[] { "broadsheet.db", "broadsheet.db-wal" }.Select(f => Path.Combine(dataDirectory, f)).Where(File.Exists))
            {
                bytes.AddRange(await File.ReadAllBytesAsync(file));
            }
            return Encoding.ASCII.GetString([.. bytes]).Contains(text, StringComparison.Ordinal);
        }
        await using var connection = new NpgsqlConnection(ConnectionStringFor(dataDirectory));
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (var table in tables)
        {
            await using var search = connection.CreateCommand();
            search.CommandText = $"SELECT EXISTS (SELECT 1 FROM \"{table}\" t WHERE t::text LIKE @pattern)";
            search.Parameters.AddWithValue("pattern", "%" + text + "%");
            if ((bool)(await search.ExecuteScalarAsync())!)
            {
                return true;
            }
        }
        return false;
    }
}
