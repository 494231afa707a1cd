using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Not in the model: Search/PostgresSearch.cs writes and reads it. unaccent ships with PostgreSQL (contrib)
            // and is a trusted extension, so the database's owner may create it. Existing articles are indexed by
            // SearchCatchUp when the site starts.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS unaccent;
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'broadsheet_english') THEN
                        CREATE TEXT SEARCH CONFIGURATION broadsheet_english (COPY = english);
                        ALTER TEXT SEARCH CONFIGURATION broadsheet_english
                            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
                    END IF;
                END
                $$;
                CREATE TABLE "ArticleSearch" (
                    "ArticleId" integer PRIMARY KEY REFERENCES "Articles" ("Id") ON DELETE CASCADE,
                    "Document" tsvector NOT NULL,
                    "Body" text NOT NULL);
                CREATE INDEX "IX_ArticleSearch_Document" ON "ArticleSearch" USING GIN ("Document");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "ArticleSearch"; DROP TEXT SEARCH CONFIGURATION IF EXISTS broadsheet_english;""");
        }
    }
}
