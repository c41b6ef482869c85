using Crm.Infrastructure.Calendar;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>
/// The working calendar: the working week and the holidays (filled at start-up by <c>WorkingCalendarSeed</c>).
/// </summary>
[Migration("20261209000000_WorkingCalendar")]
public sealed class WorkingCalendar : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "WorkingDays",
            columns: t => new
            {
                DayOfWeek = t.Column<int>(nullable: false),
                StartMinute = t.Column<int>(nullable: true),
                EndMinute = t.Column<int>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_WorkingDays", x => x.DayOfWeek));

        migrationBuilder.CreateTable(
            name: "Holidays",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Year = t.Column<int>(nullable: true),
                Month = t.Column<int>(nullable: false),
                Day = t.Column<int>(nullable: false),
                NamePersian = t.Column<string>(maxLength: Holiday.NameMaxLength, nullable: false),
                NameEnglish = t.Column<string>(maxLength: Holiday.NameMaxLength, nullable: false),
                Version = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Holidays", x => x.Id));
        migrationBuilder.CreateIndex("IX_Holidays_IsDeleted", "Holidays", "IsDeleted");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Holidays");
        migrationBuilder.DropTable("WorkingDays");
    }
}
