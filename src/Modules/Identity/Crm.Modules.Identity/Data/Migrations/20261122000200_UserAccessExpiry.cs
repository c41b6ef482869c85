using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Identity.Data.Migrations;

/// <summary>The last day a user may sign in (temporary staff).</summary>
[Migration("20261122000200_UserAccessExpiry")]
public sealed class UserAccessExpiry : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<DateOnly>(name: "AccessExpiresOn", table: "Users", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "AccessExpiresOn", table: "Users");
}
