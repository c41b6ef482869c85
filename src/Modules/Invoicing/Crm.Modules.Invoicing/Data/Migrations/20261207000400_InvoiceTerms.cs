using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Invoicing.Data.Migrations;

/// <summary>Invoices get default terms of their own: the quote's (how long it is valid) no longer reach invoices.</summary>
[Migration("20261207000400_InvoiceTerms")]
public sealed class InvoiceTerms : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("DefaultInvoiceTerms", "InvoicingSettings", maxLength: 4000, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("DefaultInvoiceTerms", "InvoicingSettings");
}
