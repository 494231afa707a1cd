using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DeskWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AssigneeId",
                table: "Articles",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DeskEditorId",
                table: "Articles",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EmbargoUntil",
                table: "Articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Stage",
                table: "Articles",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_AssigneeId",
                table: "Articles",
                column: "AssigneeId");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_DeskEditorId",
                table: "Articles",
                column: "DeskEditorId");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Listed_Stage_UpdatedAt",
                table: "Articles",
                columns: new[] { "Listed", "Stage", "UpdatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Articles_Users_AssigneeId",
                table: "Articles",
                column: "AssigneeId",
                principalTable: "Users",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Articles_Users_DeskEditorId",
                table: "Articles",
                column: "DeskEditorId",
                principalTable: "Users",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // Drafts submitted for review before the desk existed are at its review stage; what was published went
            // through it, so an article unpublished later is back at approval, not at the first stage.
            migrationBuilder.Sql("UPDATE \"Articles\" SET \"Stage\" = 'In review' WHERE \"Status\" = 0 AND \"InReview\" = true;");
            migrationBuilder.Sql("UPDATE \"Articles\" SET \"Stage\" = 'Approved' WHERE \"Status\" <> 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Articles_Users_AssigneeId",
                table: "Articles");

            migrationBuilder.DropForeignKey(
                name: "FK_Articles_Users_DeskEditorId",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_AssigneeId",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_DeskEditorId",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Listed_Stage_UpdatedAt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "DeskEditorId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "EmbargoUntil",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Stage",
                table: "Articles");
        }
    }
}
