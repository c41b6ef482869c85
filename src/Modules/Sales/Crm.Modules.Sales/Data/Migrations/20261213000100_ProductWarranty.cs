using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Sales.Data.Migrations;

/// <summary>A product's warranty length and free services, which after-sales registrations start from.</summary>
[Migration("20261213000100_ProductWarranty")]
public sealed class ProductWarranty : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("WarrantyMonths", "Products", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>("FreeServices", "Products", nullable: false, defaultValue: 0);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("WarrantyMonths", "Products");
        migrationBuilder.DropColumn("FreeServices", "Products");
    }
}
