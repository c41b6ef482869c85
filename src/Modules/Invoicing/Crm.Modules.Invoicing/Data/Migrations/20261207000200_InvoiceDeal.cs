using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Invoicing.Data.Migrations;

/// <summary>The deal an invoice made from a quote sells, so its payment can close the deal; filled in for invoices made before.</summary>
[Migration("20261207000200_InvoiceDeal")]
public sealed class InvoiceDeal : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("OpportunityId", "Invoices", nullable: true);
        migrationBuilder.Sql("""UPDATE "Invoices" SET "OpportunityId" = (SELECT q."OpportunityId" FROM "Quotes" q WHERE q."Id" = "Invoices"."QuoteId") WHERE "QuoteId" IS NOT NULL""");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("OpportunityId", "Invoices");
}
