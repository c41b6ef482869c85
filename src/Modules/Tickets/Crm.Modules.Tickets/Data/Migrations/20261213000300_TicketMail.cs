using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Tickets.Data.Migrations;

/// <summary>Team support mailboxes read over IMAP, the record of each message read from them, and how each team's queue hands out tickets.</summary>
[Migration("20261213000300_TicketMail")]
public sealed class TicketMail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "TicketMailboxes",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Address = t.Column<string>(maxLength: 254, nullable: false),
                Host = t.Column<string>(maxLength: 200, nullable: false),
                Port = t.Column<int>(nullable: false),
                Security = t.Column<int>(nullable: false),
                UserName = t.Column<string>(maxLength: 254, nullable: false),
                ProtectedPassword = t.Column<string>(maxLength: 2000, nullable: false),
                Folder = t.Column<string>(maxLength: 200, nullable: false),
                TeamId = t.Column<Guid>(nullable: false),
                Enabled = t.Column<bool>(nullable: false),
                UidValidity = t.Column<long>(nullable: false),
                LastUid = t.Column<long>(nullable: false),
                LastCheckedAt = t.Column<DateTime>(nullable: true),
                LastError = t.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_TicketMailboxes", x => x.Id));
        migrationBuilder.CreateIndex("IX_TicketMailboxes_IsDeleted", "TicketMailboxes", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "TicketMailImports",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                MailboxId = t.Column<Guid>(nullable: false),
                UidValidity = t.Column<long>(nullable: false),
                Uid = t.Column<long>(nullable: false),
                MessageId = t.Column<string>(maxLength: 300, nullable: true),
                At = t.Column<DateTime>(nullable: false),
                Outcome = t.Column<int>(nullable: false),
                TicketId = t.Column<Guid>(nullable: true),
                Reason = t.Column<string>(maxLength: 300, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_TicketMailImports", x => x.Id));
        migrationBuilder.CreateIndex("IX_TicketMailImports_MailboxId_UidValidity_Uid", "TicketMailImports", ["MailboxId", "UidValidity", "Uid"], unique: true);
        migrationBuilder.CreateIndex("IX_TicketMailImports_MailboxId_MessageId", "TicketMailImports", ["MailboxId", "MessageId"]);

        migrationBuilder.CreateTable(
            name: "TicketTeamQueues",
            columns: t => new
            {
                TeamId = t.Column<Guid>(nullable: false),
                Mode = t.Column<int>(nullable: false),
                LastAssignedId = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_TicketTeamQueues", x => x.TeamId));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("TicketTeamQueues");
        migrationBuilder.DropTable("TicketMailImports");
        migrationBuilder.DropTable("TicketMailboxes");
    }
}
