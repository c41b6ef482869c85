using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>An import's heartbeat and last committed row, so a run whose worker died is resumed where it stopped.</summary>
[Migration("20261205000000_ImportResume")]
public sealed class ImportResume : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("HeartbeatAt", "ImportRuns", nullable: true);
        migrationBuilder.AddColumn<int>("LastRowNumber", "ImportRuns", nullable: false, defaultValue: 0);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("LastRowNumber", "ImportRuns");
        migrationBuilder.DropColumn("HeartbeatAt", "ImportRuns");
    }
}
