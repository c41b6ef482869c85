using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>Each campaign's code, which form links carry so the leads they bring are the campaign's.</summary>
[Migration("20261221000700_CampaignCodes")]
public sealed class CampaignCodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Code", "Campaigns", maxLength: 16, nullable: false, defaultValue: "");
        // Campaigns written before codes existed get one from random bytes, in each database's own words.
        migrationBuilder.Sql(migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL"
            ? "UPDATE \"Campaigns\" SET \"Code\" = substr(md5(random()::text || \"Id\"::text), 1, 10) WHERE \"Code\" = ''"
            : "UPDATE \"Campaigns\" SET \"Code\" = lower(substr(hex(randomblob(5)), 1, 10)) WHERE \"Code\" = ''");
        migrationBuilder.CreateIndex("IX_Campaigns_Code", "Campaigns", "Code", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Campaigns_Code", "Campaigns");
        migrationBuilder.DropColumn("Code", "Campaigns");
    }
}
