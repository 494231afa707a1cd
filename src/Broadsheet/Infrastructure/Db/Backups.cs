using Microsoft.Data.Sqlite;

namespace Broadsheet.Infrastructure.Db;

public abstract record BackupResult;

public sealed record BackedUp(string File, long Bytes) : BackupResult;

public sealed record NotBackedUp(string Reason) : BackupResult;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE</c> for an SQLite site, through SQLite's online backup API: a backup is
/// one consistent snapshot even while the site writes (it reads under one read transaction, which WAL lets
/// writers continue beside), and is written beside FILE then renamed, so FILE is never half a backup. On
/// PostgreSQL the tools made for it do this job: the verbs say how.
/// </summary>
public static class Backups
{
    public const string PostgresGuidance = """
        This site runs on PostgreSQL: back it up with PostgreSQL's own tools, e.g.
          pg_dump --format=custom --file FILE "$DATABASE_URL"
        and restore into an empty database with
          pg_restore --no-owner --dbname "$DATABASE_URL" FILE
        (docs/scaling.md). pg_dump takes a consistent snapshot while the site runs.
        """;

    public static async Task<BackupResult> BackupAsync(string databaseConnectionString, string file, CancellationToken ct)
    {
        var target = Path.GetFullPath(file);
        if (Path.GetDirectoryName(target) is not { } folder || !Directory.Exists(folder))
        {
            return new NotBackedUp($"The folder for {file} does not exist.");
        }
        var partial = target + ".partial";
        File.Delete(partial);
        await using (var source = new SqliteConnection(databaseConnectionString))
        await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            await source.OpenAsync(ct);
            await destination.OpenAsync(ct);
            source.BackupDatabase(destination);
            // A backup is one self-contained file: no -wal beside it.
            await using var journal = destination.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode = DELETE;";
            await journal.ExecuteNonQueryAsync(ct);
        }
        File.Move(partial, target, overwrite: true);
        return new BackedUp(target, new FileInfo(target).Length);
    }

    /// <summary>Replaces the site's database with the backup's content, after checking the file is a sound Broadsheet database.</summary>
    public static async Task<BackupResult> RestoreAsync(string databaseConnectionString, string file, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            return new NotBackedUp($"There is no file {file}.");
        }
        await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await backup.OpenAsync(ct);
            await using var check = backup.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            if (await check.ExecuteScalarAsync(ct) is not "ok")
            {
                return new NotBackedUp($"{file} is damaged (SQLite's integrity check fails): not restored.");
            }
            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory';";
            if (await check.ExecuteScalarAsync(ct) is not 1L)
            {
                return new NotBackedUp($"{file} is not a Broadsheet backup: not restored.");
            }
        }
        catch (SqliteException e)
        {
            return new NotBackedUp($"{file} is not an SQLite database ({e.Message}): not restored.");
        }
        await using var site = new SqliteConnection(databaseConnectionString);
        await site.OpenAsync(ct);
        backup.BackupDatabase(site);
        return new BackedUp(Path.GetFullPath(file), new FileInfo(file).Length);
    }
}
