using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>Email campaigns (a subject, a longer body), sends scheduled for a time, and what happened to each recipient's message, kept on its one row.</summary>
[Migration("20261221000300_CampaignTracking")]
public sealed class CampaignTracking : Migration
{
    private static readonly string[] RecipientColumns = ["DeliveredAt", "OpenedAt", "Opens", "ClickedAt", "Clicks", "UnsubscribedAt", "BouncedAt", "HardBounce"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // SQLite keeps text of any length in its column (and cannot alter one); only PostgreSQL's limit is raised.
        if (!IsSqlite(migrationBuilder))
        {
            migrationBuilder.AlterColumn<string>("Message", "Campaigns", maxLength: 10_000, nullable: true, oldMaxLength: 1000, oldNullable: true);
        }

        migrationBuilder.AddColumn<string>("Subject", "Campaigns", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<DateTime>("ScheduledAt", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<DateTime>("DeliveredAt", "CampaignRecipients", nullable: true);
        migrationBuilder.AddColumn<DateTime>("OpenedAt", "CampaignRecipients", nullable: true);
        migrationBuilder.AddColumn<int>("Opens", "CampaignRecipients", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>("ClickedAt", "CampaignRecipients", nullable: true);
        migrationBuilder.AddColumn<int>("Clicks", "CampaignRecipients", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>("UnsubscribedAt", "CampaignRecipients", nullable: true);
        migrationBuilder.AddColumn<DateTime>("BouncedAt", "CampaignRecipients", nullable: true);
        migrationBuilder.AddColumn<bool>("HardBounce", "CampaignRecipients", nullable: false, defaultValue: false);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in RecipientColumns)
        {
            migrationBuilder.DropColumn(column, "CampaignRecipients");
        }

        migrationBuilder.DropColumn("Subject", "Campaigns");
        migrationBuilder.DropColumn("ScheduledAt", "Campaigns");
        if (!IsSqlite(migrationBuilder))
        {
            migrationBuilder.AlterColumn<string>("Message", "Campaigns", maxLength: 1000, nullable: true, oldMaxLength: 10_000, oldNullable: true);
        }
    }

    private static bool IsSqlite(MigrationBuilder migrationBuilder) => migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";
}
