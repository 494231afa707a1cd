using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// What differs between the database engines, in one place: features call these by name and never test which
/// engine they run on. Chosen by <see cref="DatabaseSetup"/>.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>
    /// Whether writers on a hot path should queue in the process (<see cref="SqliteWriteGate"/>): SQLite takes one
    /// writer at a time, PostgreSQL many.
    /// </summary>
    public abstract bool SerializesWrites { get; }

    /// <summary>
    /// Within a transaction, waits until no other transaction holds any of these keys, and holds them until this one
    /// ends: checks that must see every earlier write (a flood of posts from one reader) run after it.
    /// </summary>
    public abstract Task LockAsync(DatabaseFacade database, IEnumerable<string> keys, CancellationToken ct);

    /// <summary>Rows where any of the columns contains the text, ignoring case (for ASCII at least).</summary>
    public Expression<Func<T, bool>> ContainsText<T>(string text, params Expression<Func<T, string?>>[] columns)
    {
        var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var row = Expression.Parameter(typeof(T), "row");
        Expression? any = null;
        foreach (var column in columns)
        {
            var value = new Substitute(column.Parameters[0], row).Visit(column.Body);
            var match = Matches(Expression.Constant(EF.Functions), value, Expression.Constant(pattern), Expression.Constant("\\"));
            var test = Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))), match);
            any = any is null ? test : Expression.OrElse(any, test);
        }
        return Expression.Lambda<Func<T, bool>>(any ?? Expression.Constant(false), row);
    }

    /// <summary>A case-insensitive LIKE: SQLite's LIKE is one already, PostgreSQL's is ILIKE.</summary>
    protected abstract Expression Matches(Expression functions, Expression value, Expression pattern, Expression escape);

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private static readonly Type[] LikeParameters = [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)];

    public sealed class Sqlite : SqlDialect
    {
        private static readonly System.Reflection.MethodInfo Like =
            typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), LikeParameters)!;

        public override bool SerializesWrites => true;

        /// <summary>Nothing to do: SQLite's writers already take turns in <see cref="SqliteWriteGate"/>.</summary>
        public override Task LockAsync(DatabaseFacade database, IEnumerable<string> keys, CancellationToken ct) => Task.CompletedTask;

        protected override Expression Matches(Expression functions, Expression value, Expression pattern, Expression escape) =>
            Expression.Call(Like, functions, value, pattern, escape);
    }

    public sealed class Postgres : SqlDialect
    {
        private static readonly System.Reflection.MethodInfo ILike =
            typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike), LikeParameters)!;

        public override bool SerializesWrites => false;

        public override async Task LockAsync(DatabaseFacade database, IEnumerable<string> keys, CancellationToken ct)
        {
            // Always in the same order, so two transactions wanting the same keys cannot wait on each other.
            foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
            }
        }

        protected override Expression Matches(Expression functions, Expression value, Expression pattern, Expression escape) =>
            Expression.Call(ILike, functions, value, pattern, escape);
    }
}
