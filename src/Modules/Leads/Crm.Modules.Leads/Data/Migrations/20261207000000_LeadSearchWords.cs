using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Leads.Data.Migrations;

/// <summary>The words a lead is found by (surname, a word inside the company); existing leads are filled in at start-up by <c>LeadsInitializer</c>.</summary>
[Migration("20261207000000_LeadSearchWords")]
public sealed class LeadSearchWords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "LeadSearchWords",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                LeadId = t.Column<Guid>(nullable: false),
                Word = t.Column<string>(maxLength: 100, nullable: false, collation: migrationBuilder.SearchKeyCollation()),
            },
            constraints: t => t.PrimaryKey("PK_LeadSearchWords", x => x.Id));
        migrationBuilder.CreateIndex("IX_LeadSearchWords_Word_LeadId", "LeadSearchWords", ["Word", "LeadId"]);
        migrationBuilder.CreateIndex("IX_LeadSearchWords_LeadId", "LeadSearchWords", "LeadId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("LeadSearchWords");
}
