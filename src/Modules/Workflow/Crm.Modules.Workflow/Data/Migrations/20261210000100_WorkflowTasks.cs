using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Workflow.Data.Migrations;

/// <summary>The tasks and approvals runs wait for: the workflow task inbox.</summary>
[Migration("20261210000100_WorkflowTasks")]
public sealed class WorkflowTasks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "WorkflowTasks",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                RunId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                ActivityId = t.Column<Guid>(nullable: false),
                IsApproval = t.Column<bool>(nullable: false),
                AssigneeId = t.Column<Guid>(nullable: false),
                Subject = t.Column<string>(maxLength: 200, nullable: false),
                Tags = t.Column<string>(maxLength: 400, nullable: true),
                RecordType = t.Column<string>(maxLength: 32, nullable: false),
                RecordId = t.Column<Guid>(nullable: false),
                DueAt = t.Column<DateTime>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                DoneAt = t.Column<DateTime>(nullable: true),
                Approved = t.Column<bool>(nullable: true),
                Comment = t.Column<string>(maxLength: 1000, nullable: true),
                DecidedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_WorkflowTasks", x => x.Id));
        migrationBuilder.CreateIndex("IX_WorkflowTasks_AssigneeId_DoneAt_DueAt", "WorkflowTasks", ["AssigneeId", "DoneAt", "DueAt"]);
        migrationBuilder.CreateIndex("IX_WorkflowTasks_ActivityId", "WorkflowTasks", "ActivityId", unique: true);
        migrationBuilder.CreateIndex("IX_WorkflowTasks_RunId", "WorkflowTasks", "RunId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("WorkflowTasks");
}
