using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Migrations
{
    /// <inheritdoc />
    public partial class CommentLookups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_CreatedAt",
                table: "Comments");

            migrationBuilder.AddColumn<string>(
                name: "TextHash",
                table: "Comments",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_IpHash_Status",
                table: "Comments",
                columns: new[] { "IpHash", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_PersonalData_CreatedAt",
                table: "Comments",
                column: "CreatedAt",
                filter: "\"IpHash\" IS NOT NULL OR \"UserAgent\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_Status_CreatedAt",
                table: "Comments",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_TextHash_CreatedAt",
                table: "Comments",
                columns: new[] { "TextHash", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_IpHash_Status",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Comments_PersonalData_CreatedAt",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Comments_Status_CreatedAt",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Comments_TextHash_CreatedAt",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "TextHash",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_CreatedAt",
                table: "Comments",
                column: "CreatedAt");
        }
    }
}
