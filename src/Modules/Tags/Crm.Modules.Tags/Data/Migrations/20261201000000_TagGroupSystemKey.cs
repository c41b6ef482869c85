using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Tags.Data.Migrations;

/// <summary>The key of a tag group the system made itself (as system tags have), so it can find the group again.</summary>
[MigrationPart("20261201000000_Pipeline")]
public sealed class TagGroupSystemKey : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "SystemKey", table: "TagGroups", maxLength: 32, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "SystemKey", table: "TagGroups");
    }
}
