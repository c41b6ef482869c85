using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Forms.Data.Migrations;

/// <summary>Forms with their versions of fields, and submissions with their searchable values and files.</summary>
[Migration("20261215000000_Forms")]
public sealed class Forms : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var keyCollation = migrationBuilder.SearchKeyCollation();
        migrationBuilder.CreateTable(
            name: "Forms",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                TitleFa = t.Column<string>(maxLength: 200, nullable: false),
                TitleEn = t.Column<string>(maxLength: 200, nullable: false),
                DescriptionFa = t.Column<string>(maxLength: 2000, nullable: true),
                DescriptionEn = t.Column<string>(maxLength: 2000, nullable: true),
                PublicKey = t.Column<string>(maxLength: 24, nullable: false),
                IsPublic = t.Column<bool>(nullable: false),
                IsOpen = t.Column<bool>(nullable: false),
                AddToContacts = t.Column<bool>(nullable: false),
                ShowOnPortal = t.Column<bool>(nullable: false),
                CreatePortalAccount = t.Column<bool>(nullable: false),
                RecordLocation = t.Column<bool>(nullable: false),
                ThankYouFa = t.Column<string>(maxLength: 2000, nullable: true),
                ThankYouEn = t.Column<string>(maxLength: 2000, nullable: true),
                RedirectUrl = t.Column<string>(maxLength: 500, nullable: true),
                AllowedSites = t.Column<string>(maxLength: 1000, nullable: true),
                NotifyStaff = t.Column<bool>(nullable: false),
                MaxPerPerson = t.Column<int>(nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                CurrentVersionId = t.Column<Guid>(nullable: false),
                Views = t.Column<long>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Forms", x => x.Id));
        migrationBuilder.CreateIndex("IX_Forms_PublicKey", "Forms", "PublicKey", unique: true);
        migrationBuilder.CreateIndex("IX_Forms_IsDeleted", "Forms", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "FormVersions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                FormId = t.Column<Guid>(nullable: false),
                Number = t.Column<int>(nullable: false),
                Fields = t.Column<string>(maxLength: 200000, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_FormVersions", x => x.Id));
        migrationBuilder.CreateIndex("IX_FormVersions_FormId_Number", "FormVersions", ["FormId", "Number"], unique: true);

        migrationBuilder.CreateTable(
            name: "FormSubmissions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                FormId = t.Column<Guid>(nullable: false),
                VersionId = t.Column<Guid>(nullable: false),
                Values = t.Column<string>(maxLength: 100000, nullable: false),
                Status = t.Column<string>(maxLength: 200, nullable: true),
                ContactId = t.Column<Guid>(nullable: true),
                ContactName = t.Column<string>(maxLength: 200, nullable: true),
                Channel = t.Column<int>(nullable: false),
                Latitude = t.Column<double>(nullable: true),
                Longitude = t.Column<double>(nullable: true),
                Accuracy = t.Column<double>(nullable: true),
                SenderKey = t.Column<string>(maxLength: 44, nullable: true),
                PersonKey = t.Column<string>(maxLength: 320, nullable: true),
                TokenKey = t.Column<string>(maxLength: 44, nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_FormSubmissions", x => x.Id));
        migrationBuilder.CreateIndex("IX_FormSubmissions_FormId_Id", "FormSubmissions", ["FormId", "Id"]);
        migrationBuilder.CreateIndex("IX_FormSubmissions_FormId_CreatedAt", "FormSubmissions", ["FormId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_FormSubmissions_FormId_SenderKey_CreatedAt", "FormSubmissions", ["FormId", "SenderKey", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_FormSubmissions_FormId_PersonKey", "FormSubmissions", ["FormId", "PersonKey"]);
        migrationBuilder.CreateIndex("IX_FormSubmissions_FormId_TokenKey", "FormSubmissions", ["FormId", "TokenKey"], unique: true);
        migrationBuilder.CreateIndex("IX_FormSubmissions_ContactId", "FormSubmissions", "ContactId");
        migrationBuilder.CreateIndex("IX_FormSubmissions_IsDeleted", "FormSubmissions", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "FormSubmissionValues",
            columns: t => new
            {
                SubmissionId = t.Column<Guid>(nullable: false),
                Field = t.Column<string>(maxLength: 40, nullable: false),
                Value = t.Column<string>(maxLength: 200, nullable: false, collation: keyCollation),
                FormId = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_FormSubmissionValues", x => new { x.SubmissionId, x.Field, x.Value }));
        migrationBuilder.CreateIndex("IX_FormSubmissionValues_FormId_Field_Value_SubmissionId", "FormSubmissionValues", ["FormId", "Field", "Value", "SubmissionId"]);

        migrationBuilder.CreateTable(
            name: "FormSubmissionFiles",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                SubmissionId = t.Column<Guid>(nullable: false),
                Field = t.Column<string>(maxLength: 40, nullable: false),
                FileName = t.Column<string>(maxLength: 200, nullable: false),
                ContentType = t.Column<string>(maxLength: 100, nullable: false),
                Length = t.Column<long>(nullable: false),
                StoreName = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_FormSubmissionFiles", x => x.Id));
        migrationBuilder.CreateIndex("IX_FormSubmissionFiles_SubmissionId", "FormSubmissionFiles", "SubmissionId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("FormSubmissionFiles");
        migrationBuilder.DropTable("FormSubmissionValues");
        migrationBuilder.DropTable("FormSubmissions");
        migrationBuilder.DropTable("FormVersions");
        migrationBuilder.DropTable("Forms");
    }
}
