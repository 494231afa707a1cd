using System.Net.Http.Json;
using Broadsheet.Cli;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Broadsheet.Tests.Cli;

/// <summary><c>backup FILE</c> and <c>restore FILE</c>: a backup taken while readers post is one consistent snapshot, and restores whole.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _site = BroadsheetApp.NewDataDirectory();
    private readonly string _restored = BroadsheetApp.NewDataDirectory();
    private readonly string _file = Path.Combine(Path.GetTempPath(), "broadsheet-tests", $"backup-{Guid.NewGuid():N}.db");

    private static Dictionary<string, string?> Sqlite(string dataDirectory) => new()
    {
        ["Broadsheet:DataDirectory"] = dataDirectory,
        ["Broadsheet:Database:Provider"] = "Sqlite",
        ["Broadsheet:Spam:Enabled"] = "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
        ["Broadsheet:Comments:HoldFirstTimeCommenters"] = "false",
    };

    private static async Task<(int Exit, string Output, string Error)> RunAsync(IDictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BroadsheetCli.RunAsync(args, output, error, settings);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_backup_taken_under_write_load_is_a_consistent_snapshot_that_restores_table_for_table()
    {
        List<int> acknowledgedBefore;
        (int Exit, string Output, string Error) backup;
        using (var app = BroadsheetApp.With(Sqlite(_site), _site))
        {
            var article = (await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"))).Id();
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
            using var stop = new CancellationTokenSource();
            async Task WriterAsync(int writer)
            {
                var client = app.Anonymous();
                for (var n = 0; n < 400 && !stop.IsCancellationRequested; n++)
                {
                    var (status, body) = await client.PostCommentAsync(article, new { comment = $"Writer {writer}, comment {n}.", name = "Load", email = $"w{writer}@example.org" });
                    Assert.Equal(201, status);
                    acknowledged.Add(body.Id());
                }
            }
            var writers = Enumerable.Range(0, 4).Select(WriterAsync).ToArray();
            while (acknowledged.Count < 40)
            {
                await Task.Delay(20);
            }
            acknowledgedBefore = [.. acknowledged];
            backup = await RunAsync(Sqlite(_site), "backup", _file);
            await Task.Delay(100);
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.True(acknowledged.Count > acknowledgedBefore.Count, "the writers kept writing during the backup");
        }

        Assert.Equal(0, backup.Exit);
        Assert.Contains("Backed up the database", backup.Output);
        var site = Tables(Path.Combine(_site, "broadsheet.db"));
        var copy = Tables(_file);
        // Every row of the backup is in the site as it is now (the load only adds), and nothing acknowledged before it is missing.
        foreach (var (table, rows) in copy)
        {
            Assert.Subset(site[table].ToHashSet(), rows.ToHashSet());
        }
        var copiedComments = Ids(_file, "Comments");
        Assert.Subset(copiedComments, acknowledgedBefore.ToHashSet());
        Assert.True(copiedComments.Count < Ids(Path.Combine(_site, "broadsheet.db"), "Comments").Count);

        var restore = await RunAsync(Sqlite(_restored), "restore", _file);
        Assert.Equal(0, restore.Exit);
        var restored = Tables(Path.Combine(_restored, "broadsheet.db"));
        Assert.Equal(copy.Keys.Order(), restored.Keys.Order());
        foreach (var (table, rows) in copy)
        {
            Assert.Equal(rows, restored[table]);
        }
        using var again = BroadsheetApp.With(Sqlite(_restored), _restored);
        var listed = await BroadsheetApp.ExpectJsonAsync(await again.Editor().GetAsync("/api/v1/comments?status=approved&limit=100"), 200);
        Assert.NotEmpty(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing()
    {
        await File.WriteAllTextAsync(_file, "not a database");

        var (exit, _, error) = await RunAsync(Sqlite(_restored), "restore", _file);

        Assert.Equal(1, exit);
        Assert.Contains("not an SQLite database", error);
    }

    [Fact]
    public async Task On_postgresql_backup_explains_pg_dump()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Broadsheet:DataDirectory"] = _site,
            ["Broadsheet:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Database=unused",
        };

        var (exit, _, error) = await RunAsync(settings, "backup", _file);

        Assert.Equal(1, exit);
        Assert.Contains("pg_dump --format=custom", error);
    }

    private static Dictionary<string, List<string>> Tables(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var names = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }
        var tables = new Dictionary<string, List<string>>();
        foreach (var name in names)
        {
            using var select = connection.CreateCommand();
            // Rows compared as a sorted list: the search index's FTS5 tables include some without a rowid.
            select.CommandText = $"SELECT * FROM \"{name}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join('\u001f', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
            rows.Sort(StringComparer.Ordinal);
            tables[name] = rows;
        }
        return tables;
    }

    private static HashSet<int> Ids(string file, string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT \"Id\" FROM \"{table}\"";
        using var reader = select.ExecuteReader();
        var ids = new HashSet<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }
        return ids;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { _site, _restored })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        File.Delete(_file);
    }
}
