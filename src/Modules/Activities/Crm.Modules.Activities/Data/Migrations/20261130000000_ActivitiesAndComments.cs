using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Activities.Data.Migrations;

/// <summary>Activities, comments and the comments' history.</summary>
[MigrationPart("20261130000000_ActivitiesTagsNotifications")]
public sealed class ActivitiesAndComments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
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
    }
}
