using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Migrations
{
    /// <inheritdoc />
    public partial class StaffReplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StaffUserId",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_StaffUserId",
                table: "Comments",
                column: "StaffUserId");

            migrationBuilder.AddForeignKey(
                name: "FK_Comments_Users_StaffUserId",
                table: "Comments",
                column: "StaffUserId",
                principalTable: "Users",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Comments_Users_StaffUserId",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Comments_StaffUserId",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "StaffUserId",
                table: "Comments");
        }
    }
}
