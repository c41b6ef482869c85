using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Notifications.Data.Migrations;

/// <summary>Each user's notifications, in both languages.</summary>
[MigrationPart("20261130000000_ActivitiesTagsNotifications")]
public sealed class Notifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Notifications",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UserId = t.Column<Guid>(nullable: false),
                PersianText = t.Column<string>(maxLength: 500, nullable: false),
                EnglishText = t.Column<string>(maxLength: 500, nullable: false),
                Url = t.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                ReadAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Notifications", x => x.Id));
        migrationBuilder.CreateIndex("IX_Notifications_UserId_ReadAt_CreatedAt", "Notifications", ["UserId", "ReadAt", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Notifications");
    }
}
