using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Messaging.Data.Migrations;

/// <summary>The outbox's urgent lane: messages a person is waiting for, sent beside any bulk send.</summary>
[Migration("20261217000000_UrgentMessages")]
public sealed class UrgentMessages : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("Urgent", "OutboxMessages", nullable: false, defaultValue: false);
        migrationBuilder.CreateIndex("IX_OutboxMessages_Urgent_Status_NextAttemptAt", "OutboxMessages", ["Urgent", "Status", "NextAttemptAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_OutboxMessages_Urgent_Status_NextAttemptAt", "OutboxMessages");
        migrationBuilder.DropColumn("Urgent", "OutboxMessages");
    }
}
