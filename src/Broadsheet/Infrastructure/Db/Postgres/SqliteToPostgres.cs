using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Broadsheet.Infrastructure.Db.Postgres;

public sealed record CopiedTable(string Table, int Rows);

public abstract record CopyResult;

public sealed record Copied(IReadOnlyList<CopiedTable> Tables) : CopyResult;

public sealed record NotCopied(string Reason) : CopyResult;

/// <summary>
/// Moves a site from SQLite to PostgreSQL: migrates the target database, which must hold no site yet, and copies
/// every table through EF Core's model (so each value is converted as the app itself would), ids kept, parents before
/// children, then moves each identity sequence past the highest id copied.
/// </summary>
public static class SqliteToPostgres
{
    private const int Chunk = 2_000;

    public static async Task<CopyResult> CopyAsync(BroadsheetDb source, string targetConnectionString, TextWriter progress, CancellationToken ct)
    {
        if (!source.Database.IsSqlite())
        {
            return new NotCopied("The site this runs for is not on SQLite: run it with the SQLite site's settings (Broadsheet__DataDirectory).");
        }
        await using var target = new PostgresDb(new DbContextOptionsBuilder<PostgresDb>().UseNpgsql(targetConnectionString).Options);
        await target.Database.MigrateAsync(ct);
        if (await target.Sections.AnyAsync(ct) || await target.Articles.AnyAsync(ct) || await target.Users.AnyAsync(ct) || await target.Comments.AnyAsync(ct))
        {
            return new NotCopied("The PostgreSQL database already holds a site; copy into an empty one.");
        }
        var copied = new List<CopiedTable>();
        foreach (var type in InDependencyOrder(target.Model))
        {
            var rows = (int)await (Task<int>)Copy.MakeGenericMethod(type.ClrType).Invoke(null, [source, target, type, ct])!;
            copied.Add(new CopiedTable(type.GetTableName()!, rows));
            await progress.WriteLineAsync($"{type.GetTableName()}: {rows} rows");
        }
        foreach (var type in target.Model.GetEntityTypes().Where(t => t.FindOwnership() is null))
        {
            if (type.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] && key.ClrType != typeof(string))
            {
                var table = type.GetTableName()!;
                var column = key.GetColumnName();
                // Names from the model, not from input.
                var resetSequence = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)";
                await target.Database.ExecuteSqlRawAsync(resetSequence, ct);
            }
        }
        return new Copied(copied);
    }

    private static readonly MethodInfo Copy = typeof(SqliteToPostgres).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static async Task<int> CopyTableAsync<T>(BroadsheetDb source, PostgresDb target, IEntityType type, CancellationToken ct) where T : class
    {
        var rows = type.HasSharedClrType ? source.Set<T>(type.Name).AsNoTracking() : source.Set<T>().AsNoTracking();
        var keys = type.FindPrimaryKey()!.Properties;
        var ordered = keys.Skip(1).Aggregate(rows.OrderBy(r => EF.Property<object>(r, keys[0].Name)), (q, k) => q.ThenBy(r => EF.Property<object>(r, k.Name)));
        var parent = type.GetForeignKeys().FirstOrDefault(fk => fk.PrincipalEntityType == type);
        var count = 0;
        if (parent is not null)
        {
            // A table that refers to itself (sections, comments) is written parents first, in rounds.
            var all = await ordered.ToListAsync(ct);
            var written = new HashSet<object>();
            var fk = parent.Properties[0].PropertyInfo!;
            var pk = keys[0].PropertyInfo!;
            while (all.Count > 0)
            {
                var round = all.Where(r => fk.GetValue(r) is not { } p || written.Contains(p)).ToList();
                if (round.Count == 0)
                {
                    throw new InvalidOperationException($"{type.GetTableName()} has rows whose parent is missing.");
                }
                count += await WriteAsync(target, type, round, ct);
                round.ForEach(r => written.Add(pk.GetValue(r)!));
                all = all.Except(round).ToList();
            }
            return count;
        }
        for (var skip = 0; ; skip += Chunk)
        {
            var chunk = await ordered.Skip(skip).Take(Chunk).ToListAsync(ct);
            count += await WriteAsync(target, type, chunk, ct);
            if (chunk.Count < Chunk)
            {
                return count;
            }
        }
    }

    private static async Task<int> WriteAsync<T>(PostgresDb target, IEntityType type, List<T> rows, CancellationToken ct) where T : class
    {
        foreach (var chunk in rows.Chunk(Chunk))
        {
            if (type.HasSharedClrType)
            {
                target.Set<T>(type.Name).AddRange(chunk);
            }
            else
            {
                target.Set<T>().AddRange(chunk);
            }
            await target.SaveChangesAsync(ct);
            target.ChangeTracker.Clear();
        }
        return rows.Count;
    }

    /// <summary>Tables in an order where every row's parents (by foreign key) are already there; owned types travel with their owner.</summary>
    private static List<IEntityType> InDependencyOrder(IModel model)
    {
        var pending = model.GetEntityTypes().Where(t => t.FindOwnership() is null && t.GetTableName() is not null).ToList();
        var ordered = new List<IEntityType>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t
                || fk.PrincipalEntityType.FindOwnership() is not null || ordered.Contains(fk.PrincipalEntityType))).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The model's foreign keys form a cycle.");
            }
            ordered.AddRange(ready);
            pending.RemoveAll(ready.Contains);
        }
        return ordered;
    }
}
