using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Leads.Data.Migrations;

/// <summary>The marketing campaign a lead came from.</summary>
[Migration("20261222000000_LeadCampaign")]
public sealed class LeadCampaign : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("CampaignId", "Leads", nullable: true);
        migrationBuilder.CreateIndex("IX_Leads_CampaignId", "Leads", "CampaignId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Leads_CampaignId", "Leads");
        migrationBuilder.DropColumn("CampaignId", "Leads");
    }
}
