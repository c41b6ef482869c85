using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>What each campaign actually cost, a line per bill.</summary>
[Migration("20261221000400_CampaignCosts")]
public sealed class CampaignCosts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CampaignCosts",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                CampaignId = t.Column<Guid>(nullable: false),
                Date = t.Column<DateOnly>(nullable: false),
                Description = t.Column<string>(maxLength: 200, nullable: false),
                Amount = t.Column<long>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_CampaignCosts", x => x.Id));
        migrationBuilder.CreateIndex("IX_CampaignCosts_CampaignId_Date", "CampaignCosts", ["CampaignId", "Date"]);
        migrationBuilder.CreateIndex("IX_CampaignCosts_IsDeleted", "CampaignCosts", "IsDeleted");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("CampaignCosts");
}
