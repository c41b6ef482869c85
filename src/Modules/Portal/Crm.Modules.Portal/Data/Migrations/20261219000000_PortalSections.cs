using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Portal.Data.Migrations;

/// <summary>Portal module: the portal's look and sections as the administrator set them, and who sees their organization's records.</summary>
[Migration("20261219000000_PortalSections")]
public sealed class PortalSections : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("SeesOrganization", "PortalAccounts", nullable: false, defaultValue: false);

        migrationBuilder.CreateTable(
            name: "PortalSettings",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WelcomeFa = t.Column<string>(maxLength: 1000, nullable: true),
                WelcomeEn = t.Column<string>(maxLength: 1000, nullable: true),
                Colour = t.Column<string>(maxLength: 7, nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_PortalSettings", x => x.Id));

        migrationBuilder.CreateTable(
            name: "PortalSectionSettings",
            columns: t => new
            {
                Key = t.Column<string>(maxLength: 40, nullable: false),
                Enabled = t.Column<bool>(nullable: false),
                Position = t.Column<int>(nullable: false),
                TitleFa = t.Column<string>(maxLength: 60, nullable: true),
                TitleEn = t.Column<string>(maxLength: 60, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_PortalSectionSettings", x => x.Key));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PortalSectionSettings");
        migrationBuilder.DropTable("PortalSettings");
        migrationBuilder.DropColumn("SeesOrganization", "PortalAccounts");
    }
}
