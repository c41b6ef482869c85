using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>History of background job runs (the job store keeps its own tables; see ADR 0007).</summary>
[Migration("20261122000100_JobRuns")]
public sealed class JobRuns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "JobRuns",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                JobKey = t.Column<string>(maxLength: 200, nullable: false),
                StartedAt = t.Column<DateTime>(nullable: false),
                FinishedAt = t.Column<DateTime>(nullable: true),
                DurationMs = t.Column<double>(nullable: true),
                Succeeded = t.Column<bool>(nullable: false),
                Error = t.Column<string>(maxLength: 2000, nullable: true),
                Instance = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_JobRuns", x => x.Id));
        migrationBuilder.CreateIndex("IX_JobRuns_JobKey_StartedAt", "JobRuns", ["JobKey", "StartedAt"]);
        migrationBuilder.CreateIndex("IX_JobRuns_StartedAt", "JobRuns", "StartedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("JobRuns");
}
