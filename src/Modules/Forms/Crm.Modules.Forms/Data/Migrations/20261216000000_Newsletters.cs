using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Forms.Data.Migrations;

/// <summary>Newsletters: a form's kind and HTML template, and the sends of its issues.</summary>
[Migration("20261216000000_Newsletters")]
public sealed class Newsletters : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("Kind", "Forms", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<string>("Template", "Forms", maxLength: 100000, nullable: true);
        migrationBuilder.CreateTable(
            name: "FormNewsletterSends",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                FormId = t.Column<Guid>(nullable: false),
                SubmissionId = t.Column<Guid>(nullable: false),
                Subject = t.Column<string>(maxLength: 200, nullable: false),
                Culture = t.Column<string>(maxLength: 5, nullable: false),
                Recipients = t.Column<int>(nullable: false),
                SentAt = t.Column<DateTime>(nullable: false),
                SentBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_FormNewsletterSends", x => x.Id));
        migrationBuilder.CreateIndex("IX_FormNewsletterSends_SubmissionId_SentAt", "FormNewsletterSends", ["SubmissionId", "SentAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("FormNewsletterSends");
        migrationBuilder.DropColumn("Template", "Forms");
        migrationBuilder.DropColumn("Kind", "Forms");
    }
}
