using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>
/// Jobs moved from Quartz to Hangfire (ADR 0007): the tables Quartz made for itself in the application database go.
/// Hangfire's store makes its own tables (schema <c>hangfire</c> on PostgreSQL, a file beside the database on SQLite).
/// </summary>
[Migration("20261206000000_DropQuartzTables")]
public sealed class DropQuartzTables : Migration
{
    // Children first: the trigger tables refer to qrtz_triggers, which refers to qrtz_job_details.
    private static readonly string[] Tables =
    [
        "qrtz_fired_triggers", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_locks", "qrtz_calendars",
        "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_simprop_triggers", "qrtz_blob_triggers", "qrtz_triggers", "qrtz_job_details",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Quartz would make its tables again itself; nothing to restore.
    }
}
