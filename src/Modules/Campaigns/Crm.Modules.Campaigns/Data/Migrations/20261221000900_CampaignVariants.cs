using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>A/B tests: variant B of a campaign's message, the test's share and wait, the winner, and each recipient's variant.</summary>
[Migration("20261221000900_CampaignVariants")]
public sealed class CampaignVariants : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("MessageB", "Campaigns", maxLength: 10000, nullable: true);
        migrationBuilder.AddColumn<string>("SubjectB", "Campaigns", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<int>("TestPercent", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<int>("WinnerAfterHours", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<DateTime>("TestQueuedAt", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<int>("Winner", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<int>("Variant", "CampaignRecipients", nullable: false, defaultValue: 0);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "MessageB", "SubjectB", "TestPercent", "WinnerAfterHours", "TestQueuedAt", "Winner" })
        {
            migrationBuilder.DropColumn(column, "Campaigns");
        }

        migrationBuilder.DropColumn("Variant", "CampaignRecipients");
    }
}
