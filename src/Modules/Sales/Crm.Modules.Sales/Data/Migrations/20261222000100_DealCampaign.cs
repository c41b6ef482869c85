using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Sales.Data.Migrations;

/// <summary>The marketing campaign a deal came from, linked (its name stays in <c>Campaign</c> for the reports).</summary>
[Migration("20261222000100_DealCampaign")]
public sealed class DealCampaign : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("CampaignId", "Opportunities", nullable: true);
        migrationBuilder.CreateIndex("IX_Opportunities_CampaignId", "Opportunities", "CampaignId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Opportunities_CampaignId", "Opportunities");
        migrationBuilder.DropColumn("CampaignId", "Opportunities");
    }
}
