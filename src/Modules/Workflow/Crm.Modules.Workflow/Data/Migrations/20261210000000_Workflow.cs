using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Workflow.Data.Migrations;

/// <summary>Workflows, their published versions, their runs and the runs' step logs.</summary>
[Migration("20261210000000_Workflow")]
public sealed class Workflow : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Workflows",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                NamePersian = t.Column<string>(maxLength: 100, nullable: false),
                NameEnglish = t.Column<string>(maxLength: 100, nullable: false),
                RecordType = t.Column<string>(maxLength: 32, nullable: false),
                Enabled = t.Column<bool>(nullable: false),
                PublishedVersionId = t.Column<Guid>(nullable: true),
                VersionCount = t.Column<int>(nullable: false),
                OwnerId = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Workflows", x => x.Id));
        migrationBuilder.CreateIndex("IX_Workflows_IsDeleted", "Workflows", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "WorkflowVersions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkflowId = t.Column<Guid>(nullable: false),
                Number = t.Column<int>(nullable: false),
                Definition = t.Column<string>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_WorkflowVersions", x => x.Id));
        migrationBuilder.CreateIndex("IX_WorkflowVersions_WorkflowId_Number", "WorkflowVersions", ["WorkflowId", "Number"], unique: true);

        migrationBuilder.CreateTable(
            name: "WorkflowRuns",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkflowId = t.Column<Guid>(nullable: false),
                VersionId = t.Column<Guid>(nullable: false),
                RecordType = t.Column<string>(maxLength: 32, nullable: false),
                RecordId = t.Column<Guid>(nullable: false),
                State = t.Column<int>(nullable: false),
                Position = t.Column<int>(nullable: false),
                WakeAt = t.Column<DateTime>(nullable: false),
                ClaimToken = t.Column<Guid>(nullable: true),
                ClaimedUntil = t.Column<DateTime>(nullable: true),
                Depth = t.Column<int>(nullable: false),
                CausedByRunId = t.Column<Guid>(nullable: true),
                StepsExecuted = t.Column<int>(nullable: false),
                Attempts = t.Column<int>(nullable: false),
                Error = t.Column<string>(maxLength: 1000, nullable: true),
                Before = t.Column<string>(nullable: true),
                Variables = t.Column<string>(nullable: true),
                StartedBy = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                FinishedAt = t.Column<DateTime>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_WorkflowRuns", x => x.Id));
        migrationBuilder.CreateIndex("IX_WorkflowRuns_State_WakeAt", "WorkflowRuns", ["State", "WakeAt"]);
        migrationBuilder.CreateIndex("IX_WorkflowRuns_WorkflowId_CreatedAt", "WorkflowRuns", ["WorkflowId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_WorkflowRuns_RecordType_RecordId_CreatedAt", "WorkflowRuns", ["RecordType", "RecordId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_WorkflowRuns_FinishedAt", "WorkflowRuns", "FinishedAt");

        migrationBuilder.CreateTable(
            name: "WorkflowStepLogs",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                RunId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                StepId = t.Column<string>(maxLength: 40, nullable: true),
                Kind = t.Column<int>(nullable: true),
                Outcome = t.Column<int>(nullable: false),
                Detail = t.Column<string>(maxLength: 500, nullable: true),
                At = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_WorkflowStepLogs", x => x.Id));
        migrationBuilder.CreateIndex("IX_WorkflowStepLogs_RunId_At", "WorkflowStepLogs", ["RunId", "At"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("WorkflowStepLogs");
        migrationBuilder.DropTable("WorkflowRuns");
        migrationBuilder.DropTable("WorkflowVersions");
        migrationBuilder.DropTable("Workflows");
    }
}
