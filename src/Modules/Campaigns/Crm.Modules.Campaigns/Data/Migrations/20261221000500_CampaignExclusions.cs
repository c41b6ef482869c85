using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>Who a campaign leaves out: contacts with an open ticket, recent buyers.</summary>
[Migration("20261221000500_CampaignExclusions")]
public sealed class CampaignExclusions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("ExcludeOpenTickets", "Campaigns", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<int>("ExcludeBoughtWithinDays", "Campaigns", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("ExcludeOpenTickets", "Campaigns");
        migrationBuilder.DropColumn("ExcludeBoughtWithinDays", "Campaigns");
    }
}
