using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>The reps a call-list campaign hands its calls to in turn.</summary>
[Migration("20261221000800_CampaignCallers")]
public sealed class CampaignCallers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("CallerIds", "Campaigns", maxLength: 2000, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("CallerIds", "Campaigns");
}
