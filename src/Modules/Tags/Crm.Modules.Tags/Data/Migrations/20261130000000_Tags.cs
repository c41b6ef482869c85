using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Tags.Data.Migrations;

/// <summary>Tags, their groups, and the links from tags to records.</summary>
[MigrationPart("20261130000000_ActivitiesTagsNotifications")]
public sealed class Tags : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Tags",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 40, nullable: false),
                Key = t.Column<string>(maxLength: 40, nullable: false),
                Kind = t.Column<int>(nullable: false),
                OwnerId = t.Column<Guid>(nullable: true),
                SystemKey = t.Column<string>(maxLength: 32, nullable: true),
                Color = t.Column<string>(maxLength: 16, nullable: false),
                GroupId = t.Column<Guid>(nullable: true),
                Approved = t.Column<bool>(nullable: false),
                MergedIntoId = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Tags", x => x.Id));
        migrationBuilder.CreateIndex("IX_Tags_Key_Kind", "Tags", ["Key", "Kind"]);
        migrationBuilder.CreateIndex("IX_Tags_IsDeleted", "Tags", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "TagGroups",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 60, nullable: false),
                Version = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_TagGroups", x => x.Id));
        migrationBuilder.CreateIndex("IX_TagGroups_IsDeleted", "TagGroups", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "TagLinks",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TagId = t.Column<Guid>(nullable: false),
                RecordType = t.Column<string>(maxLength: 32, nullable: false),
                RecordId = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_TagLinks", x => x.Id));
        migrationBuilder.CreateIndex("IX_TagLinks_TagId_RecordType_RecordId", "TagLinks", ["TagId", "RecordType", "RecordId"], unique: true);
        migrationBuilder.CreateIndex("IX_TagLinks_RecordType_RecordId", "TagLinks", ["RecordType", "RecordId"]);
        migrationBuilder.CreateIndex("IX_TagLinks_RecordType_CreatedAt", "TagLinks", ["RecordType", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_TagLinks_TagId_CreatedAt", "TagLinks", ["TagId", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("TagLinks");
        migrationBuilder.DropTable("TagGroups");
        migrationBuilder.DropTable("Tags");
    }
}
