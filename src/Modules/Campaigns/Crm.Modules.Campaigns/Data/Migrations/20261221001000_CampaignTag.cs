using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>A campaign's audience may be the contacts carrying a tag.</summary>
[Migration("20261221001000_CampaignTag")]
public sealed class CampaignTag : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddColumn<Guid>("AudienceTagId", "Campaigns", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("AudienceTagId", "Campaigns");
}
