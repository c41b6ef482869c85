using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Messaging.Data.Migrations;

/// <summary>Transactional messages are claimed before marketing ones; each category is read in its own due order.</summary>
[Migration("20261223000000_OutboxLanes")]
public sealed class OutboxLanes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_OutboxMessages_Category_Status_NextAttemptAt", "OutboxMessages", ["Category", "Status", "NextAttemptAt"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_OutboxMessages_Category_Status_NextAttemptAt", "OutboxMessages");
}
