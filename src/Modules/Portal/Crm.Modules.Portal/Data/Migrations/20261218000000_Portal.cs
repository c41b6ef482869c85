using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Portal.Data.Migrations;

/// <summary>Portal module: customers' accounts and their one-time sign-in codes.</summary>
[Migration("20261218000000_Portal")]
public sealed class Portal : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PortalAccounts",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                MobileKey = t.Column<string>(maxLength: 20, nullable: false),
                Culture = t.Column<string>(maxLength: 8, nullable: false),
                Enabled = t.Column<bool>(nullable: false),
                SessionStamp = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                InvitedAt = t.Column<DateTime>(nullable: true),
                LastSignInAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_PortalAccounts", x => x.Id));
        migrationBuilder.CreateIndex("IX_PortalAccounts_ContactId", "PortalAccounts", "ContactId", unique: true);
        migrationBuilder.CreateIndex("IX_PortalAccounts_MobileKey", "PortalAccounts", "MobileKey", unique: true);
        migrationBuilder.CreateIndex("IX_PortalAccounts_CreatedAt", "PortalAccounts", "CreatedAt");

        migrationBuilder.CreateTable(
            name: "PortalSignInCodes",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                MobileKey = t.Column<string>(maxLength: 20, nullable: false),
                AccountId = t.Column<Guid>(nullable: true),
                CodeHash = t.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                ExpiresAt = t.Column<DateTime>(nullable: false),
                Tries = t.Column<int>(nullable: false),
                UsedAt = t.Column<DateTime>(nullable: true),
                Address = t.Column<string>(maxLength: 45, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_PortalSignInCodes", x => x.Id));
        migrationBuilder.CreateIndex("IX_PortalSignInCodes_MobileKey_CreatedAt", "PortalSignInCodes", ["MobileKey", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_PortalSignInCodes_Address_CreatedAt", "PortalSignInCodes", ["Address", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PortalSignInCodes");
        migrationBuilder.DropTable("PortalAccounts");
    }
}
