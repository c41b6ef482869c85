using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>Notifications, Tags and Activities (activities, comments and their history).</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261130000000_ActivitiesTagsNotifications")]
public sealed class ActivitiesTagsNotifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Notifications",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UserId = t.Column<Guid>(nullable: false),
                PersianText = t.Column<string>(maxLength: 500, nullable: false),
                EnglishText = t.Column<string>(maxLength: 500, nullable: false),
                Url = t.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                ReadAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Notifications", x => x.Id));
        migrationBuilder.CreateIndex("IX_Notifications_UserId_ReadAt_CreatedAt", "Notifications", ["UserId", "ReadAt", "CreatedAt"]);

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

        migrationBuilder.CreateTable(
            name: "Activities",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Kind = t.Column<int>(nullable: false),
                RecordType = t.Column<string>(maxLength: 32, nullable: false),
                RecordId = t.Column<Guid>(nullable: false),
                Subject = t.Column<string>(maxLength: 200, nullable: false),
                PersianSubject = t.Column<string>(maxLength: 200, nullable: true),
                Body = t.Column<string>(maxLength: 4000, nullable: true),
                OccurredAt = t.Column<DateTime>(nullable: false),
                Direction = t.Column<int>(nullable: true),
                DurationSeconds = t.Column<int>(nullable: true),
                Outcome = t.Column<int>(nullable: true),
                EndsAt = t.Column<DateTime>(nullable: true),
                Place = t.Column<string>(maxLength: 200, nullable: true),
                Participants = t.Column<string>(maxLength: 500, nullable: true),
                Priority = t.Column<int>(nullable: false),
                AssigneeId = t.Column<Guid>(nullable: true),
                RemindAt = t.Column<DateTime>(nullable: true),
                ReminderSentAt = t.Column<DateTime>(nullable: true),
                CompletedAt = t.Column<DateTime>(nullable: true),
                TrackingNumber = t.Column<string>(maxLength: 100, nullable: true),
                Version = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Activities", x => x.Id));
        migrationBuilder.CreateIndex("IX_Activities_RecordType_RecordId_OccurredAt", "Activities", ["RecordType", "RecordId", "OccurredAt"]);
        migrationBuilder.CreateIndex("IX_Activities_AssigneeId_OccurredAt", "Activities", ["AssigneeId", "OccurredAt"]);
        migrationBuilder.CreateIndex("IX_Activities_ReminderSentAt_RemindAt", "Activities", ["ReminderSentAt", "RemindAt"]);
        migrationBuilder.CreateIndex("IX_Activities_IsDeleted", "Activities", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "Comments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                RecordType = t.Column<string>(maxLength: 32, nullable: false),
                RecordId = t.Column<Guid>(nullable: false),
                AuthorId = t.Column<Guid>(nullable: false),
                Text = t.Column<string>(maxLength: 4000, nullable: false),
                EditedAt = t.Column<DateTime>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Comments", x => x.Id));
        migrationBuilder.CreateIndex("IX_Comments_RecordType_RecordId_CreatedAt", "Comments", ["RecordType", "RecordId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Comments_IsDeleted", "Comments", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "CommentRevisions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                CommentId = t.Column<Guid>(nullable: false),
                Text = t.Column<string>(maxLength: 4000, nullable: false),
                ReplacedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_CommentRevisions", x => x.Id));
        migrationBuilder.CreateIndex("IX_CommentRevisions_CommentId", "CommentRevisions", "CommentId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CommentRevisions");
        migrationBuilder.DropTable("Comments");
        migrationBuilder.DropTable("Activities");
        migrationBuilder.DropTable("TagLinks");
        migrationBuilder.DropTable("TagGroups");
        migrationBuilder.DropTable("Tags");
        migrationBuilder.DropTable("Notifications");
    }
}
