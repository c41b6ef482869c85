using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Sales.Data.Migrations;

/// <summary>An open deal's offer to be marked won (its quote accepted, its invoice paid), and the process setting that closes it by itself.</summary>
[Migration("20261207000300_DealWinOffers")]
public sealed class DealWinOffers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("WinOffer", "Opportunities", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<bool>("WinOnInvoicePaid", "SalesProcesses", nullable: false, defaultValue: false);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("WinOnInvoicePaid", "SalesProcesses");
        migrationBuilder.DropColumn("WinOffer", "Opportunities");
    }
}
