using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Tickets.Data.Migrations;

/// <summary>The files of tickets' threads (their content is in the file store).</summary>
[Migration("20261213000000_TicketAttachments")]
public sealed class TicketAttachments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "TicketAttachments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TicketId = t.Column<Guid>(nullable: false),
                EntryId = t.Column<Guid>(nullable: false),
                FileName = t.Column<string>(maxLength: 200, nullable: false),
                ContentType = t.Column<string>(maxLength: 100, nullable: false),
                Length = t.Column<long>(nullable: false),
                At = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_TicketAttachments", x => x.Id));
        migrationBuilder.CreateIndex("IX_TicketAttachments_TicketId", "TicketAttachments", "TicketId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("TicketAttachments");
}
