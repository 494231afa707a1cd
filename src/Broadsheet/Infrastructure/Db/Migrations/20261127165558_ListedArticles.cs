using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Migrations
{
    /// <inheritdoc />
    public partial class ListedArticles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_SectionId_Status_PublishedAt_Id",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_PublishedAt_Id",
                table: "Articles");

            migrationBuilder.AddColumn<int>(
                name: "Listed",
                table: "Articles",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CASE WHEN \"Status\" <> 0 THEN 1 ELSE 0 END",
                stored: false);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Listed_PublishedAt",
                table: "Articles",
                columns: new[] { "Listed", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SectionId_Listed_PublishedAt",
                table: "Articles",
                columns: new[] { "SectionId", "Listed", "PublishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_Listed_PublishedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_SectionId_Listed_PublishedAt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Listed",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SectionId_Status_PublishedAt_Id",
                table: "Articles",
                columns: new[] { "SectionId", "Status", "PublishedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_PublishedAt_Id",
                table: "Articles",
                columns: new[] { "Status", "PublishedAt", "Id" });
        }
    }
}
