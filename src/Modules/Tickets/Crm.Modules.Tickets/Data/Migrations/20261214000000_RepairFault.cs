using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Tickets.Data.Migrations;

/// <summary>A repair's fault as a short kind ("Power supply", "Screen"), so repairs can be counted by fault as well as by item.</summary>
[Migration("20261214000000_RepairFault")]
public sealed class RepairFault : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("Fault", "RepairOrders", maxLength: 100, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("Fault", "RepairOrders");
}
