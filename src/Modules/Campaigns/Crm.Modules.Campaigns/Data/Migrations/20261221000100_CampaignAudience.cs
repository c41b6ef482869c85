using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>Who each campaign reaches: the contact list's filters it keeps, evaluated when asked.</summary>
[Migration("20261221000100_CampaignAudience")]
public sealed class CampaignAudience : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("AudienceSource", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<int>("AudienceMinRating", "Campaigns", nullable: true);
        migrationBuilder.AddColumn<string>("AudienceSegment", "Campaigns", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>("AudienceCity", "Campaigns", maxLength: 100, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "AudienceSource", "AudienceMinRating", "AudienceSegment", "AudienceCity" })
        {
            migrationBuilder.DropColumn(column, "Campaigns");
        }
    }
}
