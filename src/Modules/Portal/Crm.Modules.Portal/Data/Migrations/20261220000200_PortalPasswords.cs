using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Portal.Data.Migrations;

/// <summary>Portal module: signing in by email and password, where the administrator allows it.</summary>
[Migration("20261220000200_PortalPasswords")]
public sealed class PortalPasswords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("PasswordSignIn", "PortalSettings", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>("EmailKey", "PortalAccounts", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("PasswordHash", "PortalAccounts", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<int>("PasswordFailures", "PortalAccounts", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>("LockedUntil", "PortalAccounts", nullable: true);
        migrationBuilder.CreateIndex("IX_PortalAccounts_EmailKey", "PortalAccounts", "EmailKey", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_PortalAccounts_EmailKey", "PortalAccounts");
        foreach (var column in new[] { "LockedUntil", "PasswordFailures", "PasswordHash", "EmailKey" })
        {
            migrationBuilder.DropColumn(column, "PortalAccounts");
        }

        migrationBuilder.DropColumn("PasswordSignIn", "PortalSettings");
    }
}
