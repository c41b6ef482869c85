using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>
/// The values an import's user mapped for fixed-value fields ("POS" → point-of-sale device), kept on the run and
/// remembered with the column mapping; and each reported row's original cells, for the downloadable error file.
/// </summary>
[Migration("20261207000100_ImportValueMaps")]
public sealed class ImportValueMaps : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("ValueMapJson", "ImportRuns", nullable: false, defaultValue: "{}");
        migrationBuilder.AddColumn<string>("ValueMapJson", "ImportMappings", nullable: false, defaultValue: "{}");
        migrationBuilder.AddColumn<string>("CellsJson", "ImportIssues", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("CellsJson", "ImportIssues");
        migrationBuilder.DropColumn("ValueMapJson", "ImportMappings");
        migrationBuilder.DropColumn("ValueMapJson", "ImportRuns");
    }
}
