using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Leads.Data.Migrations;

/// <summary>Leads module: leads with their search keys, and the per-team round-robin assignment rules.</summary>
[Migration("20261122000500_Leads")]
public sealed class Leads : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var keyCollation = migrationBuilder.SearchKeyCollation();
        migrationBuilder.CreateTable(
            name: "Leads",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                FirstName = t.Column<string>(maxLength: 100, nullable: false),
                LastName = t.Column<string>(maxLength: 100, nullable: false),
                FullName = t.Column<string>(maxLength: 201, nullable: false),
                NameKey = t.Column<string>(maxLength: 200, nullable: false, collation: keyCollation),
                Mobile = t.Column<string>(maxLength: 32, nullable: true),
                MobileKey = t.Column<string>(maxLength: 20, nullable: true, collation: keyCollation),
                Email = t.Column<string>(maxLength: 254, nullable: true),
                EmailKey = t.Column<string>(maxLength: 254, nullable: true, collation: keyCollation),
                Company = t.Column<string>(maxLength: 200, nullable: true),
                CompanyKey = t.Column<string>(maxLength: 200, nullable: true, collation: keyCollation),
                JobTitle = t.Column<string>(maxLength: 100, nullable: true),
                City = t.Column<string>(maxLength: 100, nullable: true),
                Source = t.Column<int>(nullable: false),
                Status = t.Column<int>(nullable: false),
                UnqualifiedReason = t.Column<string>(maxLength: 500, nullable: true),
                Rating = t.Column<int>(nullable: false),
                Priority = t.Column<int>(nullable: false),
                NextFollowUp = t.Column<DateOnly>(nullable: true),
                Notes = t.Column<string>(maxLength: 4000, nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                ImportId = t.Column<Guid>(nullable: true),
                MergedIntoId = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Leads", x => x.Id));
        migrationBuilder.CreateIndex("IX_Leads_NameKey_Id", "Leads", ["NameKey", "Id"]);
        migrationBuilder.CreateIndex("IX_Leads_MobileKey", "Leads", "MobileKey");
        migrationBuilder.CreateIndex("IX_Leads_EmailKey", "Leads", "EmailKey");
        migrationBuilder.CreateIndex("IX_Leads_CompanyKey", "Leads", "CompanyKey");
        migrationBuilder.CreateIndex("IX_Leads_OwnerId_Status", "Leads", ["OwnerId", "Status"]);
        migrationBuilder.CreateIndex("IX_Leads_TeamId_Status", "Leads", ["TeamId", "Status"]);
        migrationBuilder.CreateIndex("IX_Leads_Status_Id", "Leads", ["Status", "Id"]);
        migrationBuilder.CreateIndex("IX_Leads_IsDeleted", "Leads", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "LeadAssignmentRules",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TeamId = t.Column<Guid>(nullable: false),
                IsActive = t.Column<bool>(nullable: false),
                LastAssignedUserId = t.Column<Guid>(nullable: true),
                LastAssignedAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_LeadAssignmentRules", x => x.Id));
        migrationBuilder.CreateIndex("IX_LeadAssignmentRules_TeamId", "LeadAssignmentRules", "TeamId", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("LeadAssignmentRules");
        migrationBuilder.DropTable("Leads");
    }
}
