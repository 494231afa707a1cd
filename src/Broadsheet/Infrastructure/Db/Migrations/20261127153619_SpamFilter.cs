using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Infrastructure.Db.Migrations
{
    /// <inheritdoc />
    public partial class SpamFilter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "JudgedSpam",
                table: "Comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "SpamScore",
                table: "Comments",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebsiteDomain",
                table: "Comments",
                type: "TEXT",
                maxLength: 253,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SpamLessons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 245, nullable: false),
                    Spam = table.Column<bool>(type: "INTEGER", nullable: false),
                    FilterSaidSpam = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpamLessons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SpamWeeks",
                columns: table => new
                {
                    Week = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Caught = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpamWeeks", x => x.Week);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_WebsiteDomain_Status",
                table: "Comments",
                columns: new[] { "WebsiteDomain", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SpamLessons_CreatedAt",
                table: "SpamLessons",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SpamLessons");

            migrationBuilder.DropTable(
                name: "SpamWeeks");

            migrationBuilder.DropIndex(
                name: "IX_Comments_WebsiteDomain_Status",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "JudgedSpam",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "SpamScore",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "WebsiteDomain",
                table: "Comments");
        }
    }
}
