using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Messaging.Data.Migrations;

/// <summary>Texts sent back to the sending line, each kept once; "11" and other opt-out words refuse marketing.</summary>
[Migration("20261223000200_SmsReplies")]
public sealed class SmsReplies : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SmsReplies",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                GatewayId = t.Column<string>(maxLength: 64, nullable: false),
                From = t.Column<string>(maxLength: 32, nullable: false),
                FromKey = t.Column<string>(maxLength: 20, nullable: false),
                Text = t.Column<string>(maxLength: 1000, nullable: false),
                ReceivedAt = t.Column<DateTime>(nullable: false),
                ProcessedAt = t.Column<DateTime>(nullable: true),
                OptOut = t.Column<bool>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_SmsReplies", x => x.Id));
        migrationBuilder.CreateIndex("IX_SmsReplies_GatewayId", "SmsReplies", "GatewayId", unique: true);
        migrationBuilder.CreateIndex("IX_SmsReplies_ProcessedAt", "SmsReplies", "ProcessedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("SmsReplies");
}
