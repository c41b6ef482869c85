using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Workflow.Data.Migrations;

/// <summary>Workflow module: tasks the record's customer does on the portal (confirm, send a document, fill a form).</summary>
[Migration("20261220000000_CustomerTasks")]
public sealed class CustomerTasks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("CustomerId", "WorkflowTasks", nullable: true);
        migrationBuilder.AddColumn<int>("Ask", "WorkflowTasks", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<string>("FormKey", "WorkflowTasks", maxLength: 24, nullable: true);
        migrationBuilder.AddColumn<string>("Instructions", "WorkflowTasks", maxLength: 2000, nullable: true);
        migrationBuilder.AddColumn<string>("FileName", "WorkflowTasks", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("FileType", "WorkflowTasks", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>("FileStore", "WorkflowTasks", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("ResultType", "WorkflowTasks", maxLength: 32, nullable: true);
        migrationBuilder.AddColumn<Guid>("ResultId", "WorkflowTasks", nullable: true);
        migrationBuilder.CreateIndex("IX_WorkflowTasks_CustomerId_DoneAt", "WorkflowTasks", ["CustomerId", "DoneAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_WorkflowTasks_CustomerId_DoneAt", "WorkflowTasks");
        foreach (var column in new[] { "ResultId", "ResultType", "FileStore", "FileType", "FileName", "Instructions", "FormKey", "Ask", "CustomerId" })
        {
            migrationBuilder.DropColumn(column, "WorkflowTasks");
        }
    }
}
