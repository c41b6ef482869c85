using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Messaging.Data.Migrations;

/// <summary>Messaging module: the outbox with its attachments, opt-outs and message templates.</summary>
[Migration("20261129000000_Messaging")]
public sealed class Messaging : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OutboxMessages",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Channel = t.Column<int>(nullable: false),
                Category = t.Column<int>(nullable: false),
                Status = t.Column<int>(nullable: false),
                To = t.Column<string>(maxLength: 254, nullable: false),
                ToKey = t.Column<string>(maxLength: 254, nullable: false),
                RecipientType = t.Column<string>(maxLength: 32, nullable: true),
                RecipientId = t.Column<Guid>(nullable: true),
                TemplateKey = t.Column<string>(maxLength: 100, nullable: true),
                Culture = t.Column<string>(maxLength: 8, nullable: false),
                Subject = t.Column<string>(maxLength: 400, nullable: true),
                Body = t.Column<string>(nullable: false),
                TextBody = t.Column<string>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                NextAttemptAt = t.Column<DateTime>(nullable: false),
                Attempts = t.Column<int>(nullable: false),
                ClaimToken = t.Column<Guid>(nullable: true),
                ClaimedUntil = t.Column<DateTime>(nullable: true),
                ProviderName = t.Column<string>(maxLength: 32, nullable: true),
                ProviderMessageId = t.Column<string>(maxLength: 100, nullable: true),
                SentAt = t.Column<DateTime>(nullable: true),
                DeliveredAt = t.Column<DateTime>(nullable: true),
                Error = t.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_OutboxMessages", x => x.Id));
        migrationBuilder.CreateIndex("IX_OutboxMessages_Status_NextAttemptAt", "OutboxMessages", ["Status", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_OutboxMessages_ClaimToken", "OutboxMessages", "ClaimToken");
        migrationBuilder.CreateIndex("IX_OutboxMessages_RecipientType_RecipientId", "OutboxMessages", ["RecipientType", "RecipientId"]);
        migrationBuilder.CreateIndex("IX_OutboxMessages_CreatedAt", "OutboxMessages", "CreatedAt");

        migrationBuilder.CreateTable(
            name: "OutboxAttachments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                MessageId = t.Column<Guid>(nullable: false),
                FileName = t.Column<string>(maxLength: 200, nullable: false),
                ContentType = t.Column<string>(maxLength: 100, nullable: false),
                Content = t.Column<byte[]>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_OutboxAttachments", x => x.Id);
                t.ForeignKey("FK_OutboxAttachments_OutboxMessages_MessageId", x => x.MessageId, "OutboxMessages", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_OutboxAttachments_MessageId", "OutboxAttachments", "MessageId");

        migrationBuilder.CreateTable(
            name: "MessageOptOuts",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Channel = t.Column<int>(nullable: false),
                AddressKey = t.Column<string>(maxLength: 254, nullable: false),
                IncludesTransactional = t.Column<bool>(nullable: false),
                At = t.Column<DateTime>(nullable: false),
                Source = t.Column<string>(maxLength: 32, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_MessageOptOuts", x => x.Id));
        migrationBuilder.CreateIndex("IX_MessageOptOuts_Channel_AddressKey", "MessageOptOuts", ["Channel", "AddressKey"], unique: true);

        migrationBuilder.CreateTable(
            name: "MessageTemplates",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Key = t.Column<string>(maxLength: 100, nullable: false),
                Channel = t.Column<int>(nullable: false),
                Culture = t.Column<string>(maxLength: 8, nullable: false),
                Category = t.Column<int>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Subject = t.Column<string>(maxLength: 400, nullable: true),
                Body = t.Column<string>(nullable: false),
                Version = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_MessageTemplates", x => x.Id));
        migrationBuilder.CreateIndex("IX_MessageTemplates_Key_Channel_Culture", "MessageTemplates", ["Key", "Channel", "Culture"]);
        migrationBuilder.CreateIndex("IX_MessageTemplates_IsDeleted", "MessageTemplates", "IsDeleted");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("MessageTemplates");
        migrationBuilder.DropTable("MessageOptOuts");
        migrationBuilder.DropTable("OutboxAttachments");
        migrationBuilder.DropTable("OutboxMessages");
    }
}
