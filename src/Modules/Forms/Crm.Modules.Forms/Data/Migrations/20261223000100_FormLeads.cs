using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Forms.Data.Migrations;

/// <summary>A form may make each answer a lead too, of the campaign its link names.</summary>
[Migration("20261223000100_FormLeads")]
public sealed class FormLeads : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<bool>("CreateLead", "Forms", nullable: false, defaultValue: false);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("CreateLead", "Forms");
}
