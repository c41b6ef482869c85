using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Workflow.Data.Migrations;

/// <summary>Runs started once per date or occurrence, schedules' sweeps, round-robin counters, and the deal progress a task stands for.</summary>
[Migration("20261211000100_WorkflowTriggers")]
public sealed class WorkflowTriggers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("TriggerKey", "WorkflowRuns", maxLength: 64, nullable: true);
        migrationBuilder.CreateIndex("IX_WorkflowRuns_WorkflowId_RecordId_TriggerKey", "WorkflowRuns", ["WorkflowId", "RecordId", "TriggerKey"], unique: true);
        migrationBuilder.AddColumn<int>("Progress", "WorkflowTasks", nullable: false, defaultValue: 0);

        migrationBuilder.CreateTable(
            name: "WorkflowSchedules",
            columns: t => new
            {
                WorkflowId = t.Column<Guid>(nullable: false),
                Occurrence = t.Column<DateTime>(nullable: false),
                Offset = t.Column<int>(nullable: false),
                Done = t.Column<bool>(nullable: false),
                ClaimedUntil = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_WorkflowSchedules", x => x.WorkflowId));

        migrationBuilder.CreateTable(
            name: "WorkflowCounters",
            columns: t => new
            {
                Key = t.Column<string>(maxLength: 100, nullable: false),
                Value = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_WorkflowCounters", x => x.Key));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("WorkflowCounters");
        migrationBuilder.DropTable("WorkflowSchedules");
        migrationBuilder.DropColumn("Progress", "WorkflowTasks");
        migrationBuilder.DropIndex("IX_WorkflowRuns_WorkflowId_RecordId_TriggerKey", "WorkflowRuns");
        migrationBuilder.DropColumn("TriggerKey", "WorkflowRuns");
    }
}
