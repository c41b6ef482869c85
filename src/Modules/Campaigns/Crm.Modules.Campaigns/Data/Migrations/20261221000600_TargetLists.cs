using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>Static target lists and their members; a campaign may be sent to one list and leave out another.</summary>
[Migration("20261221000600_TargetLists")]
public sealed class TargetLists : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "TargetLists",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Description = t.Column<string>(maxLength: 1000, nullable: true),
                Members = t.Column<int>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_TargetLists", x => x.Id));
        migrationBuilder.CreateIndex("IX_TargetLists_Name", "TargetLists", "Name");
        migrationBuilder.CreateIndex("IX_TargetLists_IsDeleted", "TargetLists", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "TargetListMembers",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ListId = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: false),
                AddedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_TargetListMembers", x => x.Id));
        migrationBuilder.CreateIndex("IX_TargetListMembers_ListId_ContactId", "TargetListMembers", ["ListId", "ContactId"], unique: true);

        migrationBuilder.AddColumn<Guid>("ListId", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<Guid>("ExcludeListId", "Campaigns", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("ListId", "Campaigns");
        migrationBuilder.DropColumn("ExcludeListId", "Campaigns");
        migrationBuilder.DropTable("TargetListMembers");
        migrationBuilder.DropTable("TargetLists");
    }
}
