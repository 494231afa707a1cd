using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Migrations
{
    /// <inheritdoc />
    public partial class RedirectsForTermsAndPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AuthorId",
                table: "UrlRedirects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PageId",
                table: "UrlRedirects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TagId",
                table: "UrlRedirects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_UrlRedirects_AuthorId",
                table: "UrlRedirects",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_UrlRedirects_PageId",
                table: "UrlRedirects",
                column: "PageId");

            migrationBuilder.CreateIndex(
                name: "IX_UrlRedirects_TagId",
                table: "UrlRedirects",
                column: "TagId");

            migrationBuilder.AddForeignKey(
                name: "FK_UrlRedirects_Authors_AuthorId",
                table: "UrlRedirects",
                column: "AuthorId",
                principalTable: "Authors",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_UrlRedirects_StaticPages_PageId",
                table: "UrlRedirects",
                column: "PageId",
                principalTable: "StaticPages",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_UrlRedirects_Tags_TagId",
                table: "UrlRedirects",
                column: "TagId",
                principalTable: "Tags",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_UrlRedirects_Authors_AuthorId",
                table: "UrlRedirects");

            migrationBuilder.DropForeignKey(
                name: "FK_UrlRedirects_StaticPages_PageId",
                table: "UrlRedirects");

            migrationBuilder.DropForeignKey(
                name: "FK_UrlRedirects_Tags_TagId",
                table: "UrlRedirects");

            migrationBuilder.DropIndex(
                name: "IX_UrlRedirects_AuthorId",
                table: "UrlRedirects");

            migrationBuilder.DropIndex(
                name: "IX_UrlRedirects_PageId",
                table: "UrlRedirects");

            migrationBuilder.DropIndex(
                name: "IX_UrlRedirects_TagId",
                table: "UrlRedirects");

            migrationBuilder.DropColumn(
                name: "AuthorId",
                table: "UrlRedirects");

            migrationBuilder.DropColumn(
                name: "PageId",
                table: "UrlRedirects");

            migrationBuilder.DropColumn(
                name: "TagId",
                table: "UrlRedirects");
        }
    }
}
