using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Invoicing.Data.Migrations;

/// <summary>Invoicing module: who decided a quote on the portal (their typed name) and from which address.</summary>
[Migration("20261219000100_QuoteOnlineDecision")]
public sealed class QuoteOnlineDecision : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("DecidedByName", "Quotes", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("DecidedFrom", "Quotes", maxLength: 45, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("DecidedFrom", "Quotes");
        migrationBuilder.DropColumn("DecidedByName", "Quotes");
    }
}
