using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Sales.Data.Migrations;

/// <summary>Sales processes and stages, deals with their lines, competitors, checklist ticks and stage history, lead conversions, products and price books, targets and commission rules.</summary>
[MigrationPart("20261201000000_Pipeline")]
public sealed class Pipeline : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SalesProcesses",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                EnglishName = t.Column<string>(maxLength: 100, nullable: true),
                IsDefault = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_SalesProcesses", x => x.Id));
        migrationBuilder.CreateIndex("IX_SalesProcesses_IsDeleted", "SalesProcesses", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "SalesStages",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ProcessId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                EnglishName = t.Column<string>(maxLength: 100, nullable: true),
                Kind = t.Column<int>(nullable: false),
                Progress = t.Column<int>(nullable: false),
                Probability = t.Column<int>(nullable: false),
                IsActive = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_SalesStages", x => x.Id);
                t.ForeignKey("FK_SalesStages_SalesProcesses_ProcessId", x => x.ProcessId, "SalesProcesses", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_SalesStages_ProcessId", "SalesStages", "ProcessId");

        migrationBuilder.CreateTable(
            name: "SalesChecklistItems",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                StageId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                Text = t.Column<string>(maxLength: 200, nullable: false),
                Required = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_SalesChecklistItems", x => x.Id);
                t.ForeignKey("FK_SalesChecklistItems_SalesStages_StageId", x => x.StageId, "SalesStages", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_SalesChecklistItems_StageId", "SalesChecklistItems", "StageId");

        migrationBuilder.CreateTable(
            name: "Opportunities",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                OrganizationId = t.Column<Guid>(nullable: true),
                ContactId = t.Column<Guid>(nullable: true),
                CustomerName = t.Column<string>(maxLength: 200, nullable: false),
                Amount = t.Column<long>(nullable: false),
                Currency = t.Column<string>(maxLength: 3, nullable: false),
                ExpectedClose = t.Column<DateOnly>(nullable: true),
                ProcessId = t.Column<Guid>(nullable: false),
                StageId = t.Column<Guid>(nullable: false),
                StageEnteredAt = t.Column<DateTime>(nullable: false),
                Probability = t.Column<int>(nullable: false),
                Status = t.Column<int>(nullable: false),
                ClosedAt = t.Column<DateTime>(nullable: true),
                LossReasonTagId = t.Column<Guid>(nullable: true),
                LossReason = t.Column<string>(maxLength: 40, nullable: true),
                LossNote = t.Column<string>(maxLength: 1000, nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                Source = t.Column<int>(nullable: false),
                Campaign = t.Column<string>(maxLength: 100, nullable: true),
                PriceBookId = t.Column<Guid>(nullable: true),
                NextStep = t.Column<string>(maxLength: 200, nullable: true),
                NextStepDate = t.Column<DateOnly>(nullable: true),
                Notes = t.Column<string>(maxLength: 4000, nullable: true),
                LeadId = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Opportunities", x => x.Id));
        migrationBuilder.CreateIndex("IX_Opportunities_StageId_StageEnteredAt", "Opportunities", ["StageId", "StageEnteredAt"]);
        migrationBuilder.CreateIndex("IX_Opportunities_OwnerId_Status", "Opportunities", ["OwnerId", "Status"]);
        migrationBuilder.CreateIndex("IX_Opportunities_TeamId_Status", "Opportunities", ["TeamId", "Status"]);
        migrationBuilder.CreateIndex("IX_Opportunities_OrganizationId", "Opportunities", "OrganizationId");
        migrationBuilder.CreateIndex("IX_Opportunities_ContactId", "Opportunities", "ContactId");
        migrationBuilder.CreateIndex("IX_Opportunities_Status_ExpectedClose", "Opportunities", ["Status", "ExpectedClose"]);
        migrationBuilder.CreateIndex("IX_Opportunities_Board", "Opportunities", ["Status", "ProcessId", "ClosedAt", "StageId", "Probability", "Amount", "IsDeleted"]);
        migrationBuilder.CreateIndex("IX_Opportunities_IsDeleted", "Opportunities", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "OpportunityLines",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                OpportunityId = t.Column<Guid>(nullable: false),
                ProductId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                Quantity = t.Column<decimal>(precision: 18, scale: 3, nullable: false),
                UnitPrice = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_OpportunityLines", x => x.Id);
                t.ForeignKey("FK_OpportunityLines_Opportunities_OpportunityId", x => x.OpportunityId, "Opportunities", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_OpportunityLines_OpportunityId", "OpportunityLines", "OpportunityId");
        migrationBuilder.CreateIndex("IX_OpportunityLines_ProductId", "OpportunityLines", "ProductId");

        migrationBuilder.CreateTable(
            name: "OpportunityCompetitors",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                OpportunityId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Offer = t.Column<string>(maxLength: 500, nullable: true),
                Price = t.Column<long>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_OpportunityCompetitors", x => x.Id);
                t.ForeignKey("FK_OpportunityCompetitors_Opportunities_OpportunityId", x => x.OpportunityId, "Opportunities", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_OpportunityCompetitors_OpportunityId", "OpportunityCompetitors", "OpportunityId");

        migrationBuilder.CreateTable(
            name: "OpportunityChecklistTicks",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                OpportunityId = t.Column<Guid>(nullable: false),
                ChecklistItemId = t.Column<Guid>(nullable: false),
                DoneAt = t.Column<DateTime>(nullable: false),
                DoneBy = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_OpportunityChecklistTicks", x => x.Id);
                t.ForeignKey("FK_OpportunityChecklistTicks_Opportunities_OpportunityId", x => x.OpportunityId, "Opportunities", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_OpportunityChecklistTicks_OpportunityId_ChecklistItemId", "OpportunityChecklistTicks", ["OpportunityId", "ChecklistItemId"], unique: true);

        migrationBuilder.CreateTable(
            name: "OpportunityStageVisits",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                OpportunityId = t.Column<Guid>(nullable: false),
                StageId = t.Column<Guid>(nullable: false),
                Entry = t.Column<int>(nullable: false),
                EnteredAt = t.Column<DateTime>(nullable: false),
                EnteredBy = t.Column<Guid>(nullable: true),
                ExitedAt = t.Column<DateTime>(nullable: true),
                ExitedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_OpportunityStageVisits", x => x.Id));
        migrationBuilder.CreateIndex("IX_OpportunityStageVisits_OpportunityId_EnteredAt", "OpportunityStageVisits", ["OpportunityId", "EnteredAt"]);
        migrationBuilder.CreateIndex("IX_OpportunityStageVisits_StageId_EnteredAt", "OpportunityStageVisits", ["StageId", "EnteredAt"]);

        migrationBuilder.CreateTable(
            name: "LeadConversions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                LeadId = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: false),
                OrganizationId = t.Column<Guid>(nullable: true),
                OpportunityId = t.Column<Guid>(nullable: true),
                ConvertedAt = t.Column<DateTime>(nullable: false),
                ConvertedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_LeadConversions", x => x.Id));
        migrationBuilder.CreateIndex("IX_LeadConversions_LeadId", "LeadConversions", "LeadId", unique: true);
        migrationBuilder.CreateIndex("IX_LeadConversions_ConvertedAt", "LeadConversions", "ConvertedAt");

        migrationBuilder.CreateTable(
            name: "Products",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Code = t.Column<string>(maxLength: 40, nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                EnglishName = t.Column<string>(maxLength: 200, nullable: true),
                Unit = t.Column<string>(maxLength: 30, nullable: false),
                BasePrice = t.Column<long>(nullable: false),
                VatRate = t.Column<decimal>(precision: 5, scale: 2, nullable: false),
                Category = t.Column<string>(maxLength: 100, nullable: true),
                IsService = t.Column<bool>(nullable: false),
                IsActive = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Products", x => x.Id));
        migrationBuilder.CreateIndex("IX_Products_Code", "Products", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Products_Category", "Products", "Category");
        migrationBuilder.CreateIndex("IX_Products_IsDeleted", "Products", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "PriceBooks",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                ValidFrom = t.Column<DateOnly>(nullable: true),
                ValidTo = t.Column<DateOnly>(nullable: true),
                IsActive = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_PriceBooks", x => x.Id));
        migrationBuilder.CreateIndex("IX_PriceBooks_IsDeleted", "PriceBooks", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "PriceBookEntries",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PriceBookId = t.Column<Guid>(nullable: false),
                ProductId = t.Column<Guid>(nullable: false),
                Price = t.Column<long>(nullable: true),
                DiscountPercent = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_PriceBookEntries", x => x.Id);
                t.ForeignKey("FK_PriceBookEntries_PriceBooks_PriceBookId", x => x.PriceBookId, "PriceBooks", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_PriceBookEntries_PriceBookId_ProductId", "PriceBookEntries", ["PriceBookId", "ProductId"], unique: true);

        migrationBuilder.CreateTable(
            name: "SalesTargets",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Year = t.Column<int>(nullable: false),
                Month = t.Column<int>(nullable: false),
                UserId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                Amount = t.Column<long>(nullable: false),
                Deals = t.Column<int>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_SalesTargets", x => x.Id));
        migrationBuilder.CreateIndex("IX_SalesTargets_Year_Month", "SalesTargets", ["Year", "Month"]);
        migrationBuilder.CreateIndex("IX_SalesTargets_IsDeleted", "SalesTargets", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "CommissionRules",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Category = t.Column<string>(maxLength: 100, nullable: true),
                Percent = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
                FlatAmount = t.Column<long>(nullable: true),
                IsActive = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_CommissionRules", x => x.Id));
        migrationBuilder.CreateIndex("IX_CommissionRules_IsDeleted", "CommissionRules", "IsDeleted");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "CommissionRules");
        migrationBuilder.DropTable(name: "SalesTargets");
        migrationBuilder.DropTable(name: "PriceBookEntries");
        migrationBuilder.DropTable(name: "PriceBooks");
        migrationBuilder.DropTable(name: "Products");
        migrationBuilder.DropTable(name: "LeadConversions");
        migrationBuilder.DropTable(name: "OpportunityStageVisits");
        migrationBuilder.DropTable(name: "OpportunityChecklistTicks");
        migrationBuilder.DropTable(name: "OpportunityCompetitors");
        migrationBuilder.DropTable(name: "OpportunityLines");
        migrationBuilder.DropTable(name: "Opportunities");
        migrationBuilder.DropTable(name: "SalesChecklistItems");
        migrationBuilder.DropTable(name: "SalesStages");
        migrationBuilder.DropTable(name: "SalesProcesses");
    }
}
