using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>Platform list features: imports (runs, row issues, remembered mappings) and users' saved list views.</summary>
[Migration("20261122000300_ImportsAndSavedViews")]
public sealed class ImportsAndSavedViews : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ImportRuns",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TargetKey = t.Column<string>(maxLength: 64, nullable: false),
                FileName = t.Column<string>(maxLength: 260, nullable: false),
                StoredName = t.Column<string>(maxLength: 100, nullable: false),
                HeadersJson = t.Column<string>(nullable: false),
                MappingJson = t.Column<string>(nullable: false),
                Duplicates = t.Column<int>(nullable: false),
                Status = t.Column<int>(nullable: false),
                TotalRows = t.Column<int>(nullable: true),
                ProcessedRows = t.Column<int>(nullable: false),
                CreatedCount = t.Column<int>(nullable: false),
                UpdatedCount = t.Column<int>(nullable: false),
                SkippedCount = t.Column<int>(nullable: false),
                FailedCount = t.Column<int>(nullable: false),
                Error = t.Column<string>(maxLength: 2000, nullable: true),
                UserId = t.Column<Guid>(nullable: false),
                TeamId = t.Column<Guid>(nullable: true),
                SeesAllRecords = t.Column<bool>(nullable: false),
                Culture = t.Column<string>(maxLength: 10, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                StartedAt = t.Column<DateTime>(nullable: true),
                FinishedAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_ImportRuns", x => x.Id));
        migrationBuilder.CreateIndex("IX_ImportRuns_Status_CreatedAt", "ImportRuns", ["Status", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_ImportRuns_UserId_CreatedAt", "ImportRuns", ["UserId", "CreatedAt"]);

        migrationBuilder.CreateTable(
            name: "ImportIssues",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ImportId = t.Column<Guid>(nullable: false),
                RowNumber = t.Column<int>(nullable: false),
                Outcome = t.Column<int>(nullable: false),
                Reason = t.Column<string>(maxLength: 500, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_ImportIssues", x => x.Id));
        migrationBuilder.CreateIndex("IX_ImportIssues_ImportId_RowNumber", "ImportIssues", ["ImportId", "RowNumber"]);

        migrationBuilder.CreateTable(
            name: "ImportMappings",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TargetKey = t.Column<string>(maxLength: 64, nullable: false),
                HeaderSignature = t.Column<string>(maxLength: 64, nullable: false),
                MappingJson = t.Column<string>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_ImportMappings", x => x.Id));
        migrationBuilder.CreateIndex("IX_ImportMappings_TargetKey_HeaderSignature", "ImportMappings", ["TargetKey", "HeaderSignature"], unique: true);

        migrationBuilder.CreateTable(
            name: "SavedViews",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UserId = t.Column<Guid>(nullable: false),
                ListKey = t.Column<string>(maxLength: 64, nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Query = t.Column<string>(maxLength: 2000, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_SavedViews", x => x.Id));
        migrationBuilder.CreateIndex("IX_SavedViews_UserId_ListKey", "SavedViews", ["UserId", "ListKey"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("SavedViews");
        migrationBuilder.DropTable("ImportMappings");
        migrationBuilder.DropTable("ImportIssues");
        migrationBuilder.DropTable("ImportRuns");
    }
}
