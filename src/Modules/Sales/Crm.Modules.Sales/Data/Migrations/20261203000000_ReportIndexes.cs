using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Sales.Data.Migrations;

/// <summary>
/// Covering indexes for the reports (ADR 0014): stage entries by stage and date with their deal (funnel), stage exits by
/// date (velocity), and open deals with every figure the pipeline sums (by stage, owner and expected close day).
/// </summary>
[Migration("20261203000000_ReportIndexes")]
public sealed class ReportIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_OpportunityStageVisits_StageId_EnteredAt", "OpportunityStageVisits");
        migrationBuilder.CreateIndex("IX_OpportunityStageVisits_Funnel", "OpportunityStageVisits", ["StageId", "EnteredAt", "OpportunityId"]);
        migrationBuilder.CreateIndex("IX_OpportunityStageVisits_Exits", "OpportunityStageVisits", ["ExitedAt", "StageId", "EnteredAt", "OpportunityId"]);
        migrationBuilder.CreateIndex("IX_Opportunities_Open", "Opportunities",
            ["Status", "IsDeleted", "StageId", "StageEnteredAt", "OwnerId", "ExpectedClose", "Amount", "Probability"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Opportunities_Open", "Opportunities");
        migrationBuilder.DropIndex("IX_OpportunityStageVisits_Exits", "OpportunityStageVisits");
        migrationBuilder.DropIndex("IX_OpportunityStageVisits_Funnel", "OpportunityStageVisits");
        migrationBuilder.CreateIndex("IX_OpportunityStageVisits_StageId_EnteredAt", "OpportunityStageVisits", ["StageId", "EnteredAt"]);
    }
}
