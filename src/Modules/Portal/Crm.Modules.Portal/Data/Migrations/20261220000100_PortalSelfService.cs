using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Portal.Data.Migrations;

/// <summary>
/// Portal module: customers signing up by a contact's mobile, their requests to change their details, links to one
/// document, and the company's logo.
/// </summary>
[Migration("20261220000100_PortalSelfService")]
public sealed class PortalSelfService : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("SelfSignUp", "PortalSettings", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<bool>("ApplyProfileChanges", "PortalSettings", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>("LogoStore", "PortalSettings", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("LogoType", "PortalSettings", maxLength: 40, nullable: true);
        migrationBuilder.AddColumn<Guid>("SignUpContactId", "PortalSignInCodes", nullable: true);

        migrationBuilder.CreateTable(
            name: "PortalProfileRequests",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                AccountId = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: false),
                Email = t.Column<string>(maxLength: 200, nullable: true),
                Phone = t.Column<string>(maxLength: 20, nullable: true),
                City = t.Column<string>(maxLength: 100, nullable: true),
                Address = t.Column<string>(maxLength: 300, nullable: true),
                PostalCode = t.Column<string>(maxLength: 10, nullable: true),
                State = t.Column<int>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                DecidedAt = t.Column<DateTime>(nullable: true),
                DecidedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_PortalProfileRequests", x => x.Id));
        migrationBuilder.CreateIndex("IX_PortalProfileRequests_State_CreatedAt", "PortalProfileRequests", ["State", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_PortalProfileRequests_ContactId_State", "PortalProfileRequests", ["ContactId", "State"]);

        migrationBuilder.CreateTable(
            name: "PortalDocumentLinks",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TokenHash = t.Column<string>(maxLength: 64, nullable: false),
                DocumentType = t.Column<string>(maxLength: 32, nullable: false),
                DocumentId = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                ExpiresAt = t.Column<DateTime>(nullable: false),
                RevokedAt = t.Column<DateTime>(nullable: true),
                RevokedBy = t.Column<Guid>(nullable: true),
                LastOpenedAt = t.Column<DateTime>(nullable: true),
                Opens = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_PortalDocumentLinks", x => x.Id));
        migrationBuilder.CreateIndex("IX_PortalDocumentLinks_TokenHash", "PortalDocumentLinks", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_PortalDocumentLinks_DocumentType_DocumentId", "PortalDocumentLinks", ["DocumentType", "DocumentId"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PortalDocumentLinks");
        migrationBuilder.DropTable("PortalProfileRequests");
        migrationBuilder.DropColumn("SignUpContactId", "PortalSignInCodes");
        migrationBuilder.DropColumn("LogoType", "PortalSettings");
        migrationBuilder.DropColumn("LogoStore", "PortalSettings");
        migrationBuilder.DropColumn("ApplyProfileChanges", "PortalSettings");
        migrationBuilder.DropColumn("SelfSignUp", "PortalSettings");
    }
}
