using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PublicArticleDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Articles_Listed_PublishedAt_EmbargoUntil_UpdatedAt",
                table: "Articles",
                columns: new[] { "Listed", "PublishedAt", "EmbargoUntil", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_Listed_PublishedAt_EmbargoUntil_UpdatedAt",
                table: "Articles");
        }
    }
}
