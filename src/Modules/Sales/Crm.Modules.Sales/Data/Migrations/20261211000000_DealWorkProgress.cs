using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Sales.Data.Migrations;

/// <summary>How far a deal's workflow tasks have taken it, which moves it along the stages.</summary>
[Migration("20261211000000_DealWorkProgress")]
public sealed class DealWorkProgress : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>("WorkProgress", "Opportunities", nullable: false, defaultValue: 0);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn("WorkProgress", "Opportunities");
}
