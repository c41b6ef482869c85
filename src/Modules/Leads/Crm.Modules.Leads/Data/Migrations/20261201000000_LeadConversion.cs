using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Leads.Data.Migrations;

/// <summary>Where a converted lead went: its contact, organization and deal.</summary>
[MigrationPart("20261201000000_Pipeline")]
public sealed class LeadConversion : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>(name: "ConvertedContactId", table: "Leads", nullable: true);
        migrationBuilder.AddColumn<Guid>(name: "ConvertedOrganizationId", table: "Leads", nullable: true);
        migrationBuilder.AddColumn<Guid>(name: "ConvertedOpportunityId", table: "Leads", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "ConvertedAt", table: "Leads", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "ConvertedAt", table: "Leads");
        migrationBuilder.DropColumn(name: "ConvertedOpportunityId", table: "Leads");
        migrationBuilder.DropColumn(name: "ConvertedOrganizationId", table: "Leads");
        migrationBuilder.DropColumn(name: "ConvertedContactId", table: "Leads");
    }
}
