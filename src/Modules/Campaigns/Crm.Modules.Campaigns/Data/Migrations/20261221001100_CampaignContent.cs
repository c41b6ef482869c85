using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>
/// A campaign's email may carry the HTML of a marketing template or a newsletter issue, and names where it came from; a
/// segment may get message B.
/// </summary>
[Migration("20261221001100_CampaignContent")]
public sealed class CampaignContent : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Html", "Campaigns", maxLength: 200000, nullable: true);
        migrationBuilder.AddColumn<string>("ContentSource", "Campaigns", maxLength: 60, nullable: true);
        migrationBuilder.AddColumn<string>("SegmentB", "Campaigns", maxLength: 100, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("Html", "Campaigns");
        migrationBuilder.DropColumn("ContentSource", "Campaigns");
        migrationBuilder.DropColumn("SegmentB", "Campaigns");
    }
}
