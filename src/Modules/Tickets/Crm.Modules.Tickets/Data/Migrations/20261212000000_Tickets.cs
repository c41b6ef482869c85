using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Tickets.Data.Migrations;

/// <summary>Tickets with their thread and history, their numbers per Jalali year, SLA policies and each ticket's SLA targets.</summary>
[Migration("20261212000000_Tickets")]
public sealed class Tickets : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Tickets",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Number = t.Column<string>(maxLength: 20, nullable: false),
                Subject = t.Column<string>(maxLength: 200, nullable: false),
                Description = t.Column<string>(maxLength: 8000, nullable: true),
                ContactId = t.Column<Guid>(nullable: true),
                OrganizationId = t.Column<Guid>(nullable: true),
                CustomerName = t.Column<string>(maxLength: 200, nullable: false),
                Category = t.Column<string>(maxLength: 100, nullable: true),
                Priority = t.Column<int>(nullable: false),
                Channel = t.Column<int>(nullable: false),
                Status = t.Column<int>(nullable: false),
                PostponedUntil = t.Column<DateTime>(nullable: true),
                CancelReason = t.Column<string>(maxLength: 500, nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                FirstRespondedAt = t.Column<DateTime>(nullable: true),
                ResolvedAt = t.Column<DateTime>(nullable: true),
                ClosedAt = t.Column<DateTime>(nullable: true),
                SlaDueAt = t.Column<DateTime>(nullable: true),
                SlaState = t.Column<int>(nullable: false),
                SlaSortKey = t.Column<string>(maxLength: 14, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Tickets", x => x.Id));
        migrationBuilder.CreateIndex("IX_Tickets_Number", "Tickets", "Number", unique: true);
        migrationBuilder.CreateIndex("IX_Tickets_TeamId_Status_Id", "Tickets", ["TeamId", "Status", "Id"]);
        migrationBuilder.CreateIndex("IX_Tickets_OwnerId_Status_Id", "Tickets", ["OwnerId", "Status", "Id"]);
        migrationBuilder.CreateIndex("IX_Tickets_Status_Id", "Tickets", ["Status", "Id"]);
        migrationBuilder.CreateIndex("IX_Tickets_SlaSortKey_Id", "Tickets", ["SlaSortKey", "Id"]);
        migrationBuilder.CreateIndex("IX_Tickets_ContactId", "Tickets", "ContactId");
        migrationBuilder.CreateIndex("IX_Tickets_OrganizationId", "Tickets", "OrganizationId");
        migrationBuilder.CreateIndex("IX_Tickets_Status_PostponedUntil", "Tickets", ["Status", "PostponedUntil"]);
        migrationBuilder.CreateIndex("IX_Tickets_IsDeleted", "Tickets", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "TicketEntries",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TicketId = t.Column<Guid>(nullable: false),
                Kind = t.Column<int>(nullable: false),
                Body = t.Column<string>(maxLength: 8000, nullable: true),
                AuthorId = t.Column<Guid>(nullable: true),
                At = t.Column<DateTime>(nullable: false),
                FromStatus = t.Column<int>(nullable: true),
                ToStatus = t.Column<int>(nullable: true),
                FromOwnerId = t.Column<Guid>(nullable: true),
                ToOwnerId = t.Column<Guid>(nullable: true),
                FromTeamId = t.Column<Guid>(nullable: true),
                ToTeamId = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_TicketEntries", x => x.Id));
        migrationBuilder.CreateIndex("IX_TicketEntries_TicketId_At", "TicketEntries", ["TicketId", "At"]);

        migrationBuilder.CreateTable(
            name: "TicketSequences",
            columns: t => new
            {
                Key = t.Column<string>(maxLength: 40, nullable: false),
                Last = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_TicketSequences", x => x.Key));

        migrationBuilder.CreateTable(
            name: "SlaPolicies",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Position = t.Column<int>(nullable: false),
                Priority = t.Column<int>(nullable: true),
                Category = t.Column<string>(maxLength: 100, nullable: true),
                CustomerClass = t.Column<string>(maxLength: 100, nullable: true),
                FirstResponseMinutes = t.Column<int>(nullable: false),
                NextResponseMinutes = t.Column<int>(nullable: false),
                ResolutionMinutes = t.Column<int>(nullable: false),
                WarnAtPercent = t.Column<int>(nullable: false),
                WarningActions = t.Column<int>(nullable: false),
                BreachActions = t.Column<int>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_SlaPolicies", x => x.Id));
        migrationBuilder.CreateIndex("IX_SlaPolicies_IsDeleted", "SlaPolicies", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "TicketSlaTargets",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                TicketId = t.Column<Guid>(nullable: false),
                Kind = t.Column<int>(nullable: false),
                PolicyId = t.Column<Guid>(nullable: true),
                StartedAt = t.Column<DateTime>(nullable: false),
                TargetMinutes = t.Column<int>(nullable: false),
                WarnAt = t.Column<DateTime>(nullable: true),
                DueAt = t.Column<DateTime>(nullable: true),
                PausedMinutes = t.Column<int>(nullable: false),
                MetAt = t.Column<DateTime>(nullable: true),
                Stopped = t.Column<bool>(nullable: false),
                WarnedAt = t.Column<DateTime>(nullable: true),
                BreachedAt = t.Column<DateTime>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_TicketSlaTargets", x => x.Id));
        migrationBuilder.CreateIndex("IX_TicketSlaTargets_TicketId", "TicketSlaTargets", "TicketId");
        migrationBuilder.CreateIndex("IX_TicketSlaTargets_MetAt_Stopped_WarnedAt_WarnAt", "TicketSlaTargets", ["MetAt", "Stopped", "WarnedAt", "WarnAt"]);
        migrationBuilder.CreateIndex("IX_TicketSlaTargets_MetAt_Stopped_BreachedAt_DueAt", "TicketSlaTargets", ["MetAt", "Stopped", "BreachedAt", "DueAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("TicketSlaTargets");
        migrationBuilder.DropTable("SlaPolicies");
        migrationBuilder.DropTable("TicketSequences");
        migrationBuilder.DropTable("TicketEntries");
        migrationBuilder.DropTable("Tickets");
    }
}
