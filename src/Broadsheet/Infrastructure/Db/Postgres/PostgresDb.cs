using Broadsheet.Articles;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Db.Postgres;

/// <summary>
/// BroadsheetDb on PostgreSQL. A type of its own so that its migrations (in this folder) are a set apart from
/// SQLite's: EF Core finds a migration by the context type it names (docs/decisions/0010). To add one:
/// <c>Broadsheet__Database__Provider=Postgres ConnectionStrings__Postgres="Host=localhost" dotnet ef migrations add NAME
/// --project src/Broadsheet --context PostgresDb --output-dir Infrastructure/Db/Postgres/Migrations</c> (no server needed).
/// </summary>
public sealed class PostgresDb(DbContextOptions<PostgresDb> options) : BroadsheetDb(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // PostgreSQL (before 18) computes only stored generated columns.
        modelBuilder.Entity<Article>().Property(a => a.Listed).HasComputedColumnSql(ArticleConfiguration.ListedSql, stored: true);
    }
}
