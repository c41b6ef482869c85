using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>A campaign's message and the state of its send, and one row per recipient, queued once.</summary>
[Migration("20261221000200_CampaignSends")]
public sealed class CampaignSends : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Message", "Campaigns", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<int>("SendState", "Campaigns", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>("SendStartedAt", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<DateTime>("SendFinishedAt", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<Guid>("AudienceCursor", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<bool>("AudienceRead", "Campaigns", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<int>("Recipients", "Campaigns", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>("Queued", "Campaigns", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>("Skipped", "Campaigns", nullable: false, defaultValue: 0);
        migrationBuilder.CreateIndex("IX_Campaigns_SendState", "Campaigns", "SendState");

        migrationBuilder.CreateTable(
            name: "CampaignRecipients",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                CampaignId = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: false),
                Address = t.Column<string>(maxLength: 254, nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                QueuedAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_CampaignRecipients", x => x.Id));
        migrationBuilder.CreateIndex("IX_CampaignRecipients_CampaignId_ContactId", "CampaignRecipients", ["CampaignId", "ContactId"], unique: true);
        migrationBuilder.CreateIndex("IX_CampaignRecipients_CampaignId_QueuedAt_Id", "CampaignRecipients", ["CampaignId", "QueuedAt", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CampaignRecipients");
        migrationBuilder.DropIndex("IX_Campaigns_SendState", "Campaigns");
        foreach (var column in new[] { "Message", "SendState", "SendStartedAt", "SendFinishedAt", "AudienceCursor", "AudienceRead", "Recipients", "Queued", "Skipped" })
        {
            migrationBuilder.DropColumn(column, "Campaigns");
        }
    }
}
