using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Sales.Data.Migrations;

/// <summary>
/// The pipeline report's indexes in the order its queries group by (ADR 0014): open deals by stage, owner and expected
/// close day; stage exits by stage, then time; and the deals closed in a period, so each figure streams from one index.
/// </summary>
[Migration("20261204000000_PipelineReportIndexes")]
public sealed class PipelineReportIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Opportunities_Open", "Opportunities");
        migrationBuilder.CreateIndex("IX_Opportunities_Open", "Opportunities",
            ["Status", "StageId", "OwnerId", "ExpectedClose", "IsDeleted", "StageEnteredAt", "Amount", "Probability"]);
        migrationBuilder.CreateIndex("IX_Opportunities_Closed", "Opportunities", ["Status", "ClosedAt", "IsDeleted", "Amount", "CreatedAt"]);
        migrationBuilder.DropIndex("IX_OpportunityStageVisits_Exits", "OpportunityStageVisits");
        migrationBuilder.CreateIndex("IX_OpportunityStageVisits_Exits", "OpportunityStageVisits", ["StageId", "ExitedAt", "EnteredAt", "OpportunityId"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_OpportunityStageVisits_Exits", "OpportunityStageVisits");
        migrationBuilder.CreateIndex("IX_OpportunityStageVisits_Exits", "OpportunityStageVisits", ["ExitedAt", "StageId", "EnteredAt", "OpportunityId"]);
        migrationBuilder.DropIndex("IX_Opportunities_Closed", "Opportunities");
        migrationBuilder.DropIndex("IX_Opportunities_Open", "Opportunities");
        migrationBuilder.CreateIndex("IX_Opportunities_Open", "Opportunities",
            ["Status", "IsDeleted", "StageId", "StageEnteredAt", "OwnerId", "ExpectedClose", "Amount", "Probability"]);
    }
}
