using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Campaigns.Data.Migrations;

/// <summary>Marketing plans, their campaigns, and each plan's approval history.</summary>
[Migration("20261221000000_Campaigns")]
public sealed class Campaigns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "MarketingPlans",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Goal = t.Column<string>(maxLength: 1000, nullable: true),
                Description = t.Column<string>(maxLength: 4000, nullable: true),
                StartDate = t.Column<DateOnly>(nullable: false),
                EndDate = t.Column<DateOnly>(nullable: false),
                Budget = t.Column<long>(nullable: false),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                Status = t.Column<int>(nullable: false),
                SubmittedAt = t.Column<DateTime>(nullable: true),
                SubmittedBy = t.Column<Guid>(nullable: true),
                ReviewComment = t.Column<string>(maxLength: 1000, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_MarketingPlans", x => x.Id));
        migrationBuilder.CreateIndex("IX_MarketingPlans_Status_StartDate", "MarketingPlans", ["Status", "StartDate"]);
        migrationBuilder.CreateIndex("IX_MarketingPlans_OwnerId_StartDate", "MarketingPlans", ["OwnerId", "StartDate"]);
        migrationBuilder.CreateIndex("IX_MarketingPlans_TeamId_StartDate", "MarketingPlans", ["TeamId", "StartDate"]);
        migrationBuilder.CreateIndex("IX_MarketingPlans_IsDeleted", "MarketingPlans", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "Campaigns",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PlanId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Type = t.Column<int>(nullable: false),
                Budget = t.Column<long>(nullable: false),
                Description = t.Column<string>(maxLength: 4000, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Campaigns", x => x.Id));
        migrationBuilder.CreateIndex("IX_Campaigns_PlanId", "Campaigns", "PlanId");
        migrationBuilder.CreateIndex("IX_Campaigns_IsDeleted", "Campaigns", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "MarketingPlanHistory",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PlanId = t.Column<Guid>(nullable: false),
                Step = t.Column<int>(nullable: false),
                UserId = t.Column<Guid>(nullable: true),
                At = t.Column<DateTime>(nullable: false),
                Comment = t.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_MarketingPlanHistory", x => x.Id));
        migrationBuilder.CreateIndex("IX_MarketingPlanHistory_PlanId_At", "MarketingPlanHistory", ["PlanId", "At"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("MarketingPlanHistory");
        migrationBuilder.DropTable("Campaigns");
        migrationBuilder.DropTable("MarketingPlans");
    }
}
