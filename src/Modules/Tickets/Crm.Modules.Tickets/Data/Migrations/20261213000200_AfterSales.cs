using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Tickets.Data.Migrations;

/// <summary>The installed base (product registrations with their warranty), repair orders with their work and parts, a ticket's registration and its satisfaction rating.</summary>
[Migration("20261213000200_AfterSales")]
public sealed class AfterSales : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("RegistrationId", "Tickets", nullable: true);
        migrationBuilder.CreateIndex("IX_Tickets_RegistrationId", "Tickets", "RegistrationId");
        migrationBuilder.AddColumn<DateTime>("RatingRequestedAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<int>("Rating", "Tickets", nullable: true);
        migrationBuilder.AddColumn<string>("RatingComment", "Tickets", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<DateTime>("RatedAt", "Tickets", nullable: true);

        migrationBuilder.CreateTable(
            name: "ProductRegistrations",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ProductId = t.Column<Guid>(nullable: false),
                ProductName = t.Column<string>(maxLength: 200, nullable: false),
                SerialNumber = t.Column<string>(maxLength: 100, nullable: false),
                ContactId = t.Column<Guid>(nullable: true),
                OrganizationId = t.Column<Guid>(nullable: true),
                CustomerName = t.Column<string>(maxLength: 200, nullable: false),
                PurchaseDate = t.Column<DateOnly>(nullable: false),
                InvoiceId = t.Column<Guid>(nullable: true),
                InvoiceNumber = t.Column<string>(maxLength: 40, nullable: true),
                WarrantyStart = t.Column<DateOnly>(nullable: true),
                WarrantyEnd = t.Column<DateOnly>(nullable: true),
                FreeServices = t.Column<int>(nullable: false),
                FreeServicesUsed = t.Column<int>(nullable: false),
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
            constraints: t => t.PrimaryKey("PK_ProductRegistrations", x => x.Id));
        migrationBuilder.CreateIndex("IX_ProductRegistrations_ProductId_SerialNumber", "ProductRegistrations", ["ProductId", "SerialNumber"]);
        migrationBuilder.CreateIndex("IX_ProductRegistrations_SerialNumber", "ProductRegistrations", "SerialNumber");
        migrationBuilder.CreateIndex("IX_ProductRegistrations_ContactId", "ProductRegistrations", "ContactId");
        migrationBuilder.CreateIndex("IX_ProductRegistrations_OrganizationId", "ProductRegistrations", "OrganizationId");
        migrationBuilder.CreateIndex("IX_ProductRegistrations_IsDeleted", "ProductRegistrations", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "RepairOrders",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Number = t.Column<string>(maxLength: 20, nullable: false),
                TicketId = t.Column<Guid>(nullable: true),
                RegistrationId = t.Column<Guid>(nullable: true),
                ContactId = t.Column<Guid>(nullable: true),
                OrganizationId = t.Column<Guid>(nullable: true),
                CustomerName = t.Column<string>(maxLength: 200, nullable: false),
                Item = t.Column<string>(maxLength: 200, nullable: false),
                SerialNumber = t.Column<string>(maxLength: 100, nullable: true),
                ReceivedAt = t.Column<DateTime>(nullable: false),
                Condition = t.Column<string>(maxLength: 500, nullable: true),
                Accessories = t.Column<string>(maxLength: 500, nullable: true),
                ReportedFaults = t.Column<string>(maxLength: 2000, nullable: false),
                Diagnosis = t.Column<string>(maxLength: 2000, nullable: true),
                Estimate = t.Column<long>(nullable: true),
                ApprovedAt = t.Column<DateTime>(nullable: true),
                ApprovedVia = t.Column<int>(nullable: true),
                InWarranty = t.Column<bool>(nullable: false),
                Status = t.Column<int>(nullable: false),
                DeliveredAt = t.Column<DateTime>(nullable: true),
                CollectedBy = t.Column<string>(maxLength: 200, nullable: true),
                InvoiceId = t.Column<Guid>(nullable: true),
                InvoiceNumber = t.Column<string>(maxLength: 40, nullable: true),
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
            constraints: t => t.PrimaryKey("PK_RepairOrders", x => x.Id));
        migrationBuilder.CreateIndex("IX_RepairOrders_Number", "RepairOrders", "Number", unique: true);
        migrationBuilder.CreateIndex("IX_RepairOrders_TicketId", "RepairOrders", "TicketId");
        migrationBuilder.CreateIndex("IX_RepairOrders_RegistrationId", "RepairOrders", "RegistrationId");
        migrationBuilder.CreateIndex("IX_RepairOrders_Status_Id", "RepairOrders", ["Status", "Id"]);
        migrationBuilder.CreateIndex("IX_RepairOrders_IsDeleted", "RepairOrders", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "RepairOperations",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                RepairId = t.Column<Guid>(nullable: false),
                Description = t.Column<string>(maxLength: 200, nullable: false),
                Minutes = t.Column<int>(nullable: false),
                HourlyRate = t.Column<long>(nullable: false),
                Covered = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_RepairOperations", x => x.Id);
                t.ForeignKey("FK_RepairOperations_RepairOrders_RepairId", x => x.RepairId, "RepairOrders", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_RepairOperations_RepairId", "RepairOperations", "RepairId");

        migrationBuilder.CreateTable(
            name: "RepairParts",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                RepairId = t.Column<Guid>(nullable: false),
                ProductId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Unit = t.Column<string>(maxLength: 30, nullable: false),
                Quantity = t.Column<decimal>(precision: 18, scale: 3, nullable: false),
                UnitPrice = t.Column<long>(nullable: false),
                VatRate = t.Column<decimal>(precision: 5, scale: 2, nullable: false),
                Covered = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_RepairParts", x => x.Id);
                t.ForeignKey("FK_RepairParts_RepairOrders_RepairId", x => x.RepairId, "RepairOrders", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_RepairParts_RepairId", "RepairParts", "RepairId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("RepairParts");
        migrationBuilder.DropTable("RepairOperations");
        migrationBuilder.DropTable("RepairOrders");
        migrationBuilder.DropTable("ProductRegistrations");
        migrationBuilder.DropIndex("IX_Tickets_RegistrationId", "Tickets");
        migrationBuilder.DropColumn("RegistrationId", "Tickets");
        foreach (var column in new[] { "RatingRequestedAt", "Rating", "RatingComment", "RatedAt" })
        {
            migrationBuilder.DropColumn(column, "Tickets");
        }
    }
}
