using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Invoicing.Data.Migrations;

/// <summary>Quotes and invoices: their lines, installments, payments and cheques, document numbers, settings, reminder policies and the reminders sent.</summary>
[Migration("20261202000000_Invoicing")]
public sealed class Invoicing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Quotes",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Number = t.Column<string>(maxLength: 40, nullable: false),
                Revision = t.Column<int>(nullable: false),
                FamilyId = t.Column<Guid>(nullable: false),
                OrganizationId = t.Column<Guid>(nullable: true),
                ContactId = t.Column<Guid>(nullable: true),
                CustomerName = t.Column<string>(maxLength: 200, nullable: false),
                OpportunityId = t.Column<Guid>(nullable: true),
                PriceBookId = t.Column<Guid>(nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                Status = t.Column<int>(nullable: false),
                QuoteDate = t.Column<DateOnly>(nullable: false),
                ValidUntil = t.Column<DateOnly>(nullable: false),
                Language = t.Column<string>(maxLength: 2, nullable: false),
                Terms = t.Column<string>(maxLength: 4000, nullable: true),
                Notes = t.Column<string>(maxLength: 2000, nullable: true),
                Subtotal = t.Column<long>(nullable: false),
                DiscountTotal = t.Column<long>(nullable: false),
                VatTotal = t.Column<long>(nullable: false),
                Total = t.Column<long>(nullable: false),
                Approval = t.Column<int>(nullable: false),
                ApprovedBy = t.Column<Guid>(nullable: true),
                ApprovedAt = t.Column<DateTime>(nullable: true),
                ApprovalComment = t.Column<string>(maxLength: 1000, nullable: true),
                SentAt = t.Column<DateTime>(nullable: true),
                DecidedAt = t.Column<DateTime>(nullable: true),
                InvoiceId = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Quotes", x => x.Id));
        migrationBuilder.CreateIndex("IX_Quotes_Number_Revision", "Quotes", ["Number", "Revision"], unique: true);
        migrationBuilder.CreateIndex("IX_Quotes_FamilyId", "Quotes", "FamilyId");
        migrationBuilder.CreateIndex("IX_Quotes_Status_ValidUntil", "Quotes", ["Status", "ValidUntil"]);
        migrationBuilder.CreateIndex("IX_Quotes_OwnerId_Status", "Quotes", ["OwnerId", "Status"]);
        migrationBuilder.CreateIndex("IX_Quotes_TeamId_Status", "Quotes", ["TeamId", "Status"]);
        migrationBuilder.CreateIndex("IX_Quotes_OrganizationId", "Quotes", "OrganizationId");
        migrationBuilder.CreateIndex("IX_Quotes_ContactId", "Quotes", "ContactId");
        migrationBuilder.CreateIndex("IX_Quotes_OpportunityId", "Quotes", "OpportunityId");
        migrationBuilder.CreateIndex("IX_Quotes_IsDeleted", "Quotes", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "QuoteLines",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                QuoteId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                ProductId = t.Column<Guid>(nullable: true),
                Code = t.Column<string>(maxLength: 40, nullable: true),
                Description = t.Column<string>(maxLength: 300, nullable: false),
                Unit = t.Column<string>(maxLength: 30, nullable: false),
                Quantity = t.Column<decimal>(precision: 18, scale: 3, nullable: false),
                UnitPrice = t.Column<long>(nullable: false),
                DiscountPercent = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
                DiscountAmount = t.Column<long>(nullable: true),
                VatRate = t.Column<decimal>(precision: 5, scale: 2, nullable: false),
                Gross = t.Column<long>(nullable: false),
                Discount = t.Column<long>(nullable: false),
                Net = t.Column<long>(nullable: false),
                Vat = t.Column<long>(nullable: false),
                Total = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_QuoteLines", x => x.Id);
                t.ForeignKey("FK_QuoteLines_Quotes_QuoteId", x => x.QuoteId, "Quotes", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_QuoteLines_QuoteId", "QuoteLines", "QuoteId");

        migrationBuilder.CreateTable(
            name: "Invoices",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Type = t.Column<int>(nullable: false),
                Number = t.Column<string>(maxLength: 40, nullable: true),
                FiscalYear = t.Column<int>(nullable: true),
                QuoteId = t.Column<Guid>(nullable: true),
                ReturnOfId = t.Column<Guid>(nullable: true),
                OrganizationId = t.Column<Guid>(nullable: true),
                ContactId = t.Column<Guid>(nullable: true),
                CustomerName = t.Column<string>(maxLength: 200, nullable: false),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                IssueDate = t.Column<DateOnly>(nullable: false),
                DueDate = t.Column<DateOnly>(nullable: false),
                IssuedAt = t.Column<DateTime>(nullable: true),
                IssuedBy = t.Column<Guid>(nullable: true),
                Language = t.Column<string>(maxLength: 2, nullable: false),
                Terms = t.Column<string>(maxLength: 4000, nullable: true),
                Notes = t.Column<string>(maxLength: 2000, nullable: true),
                Subtotal = t.Column<long>(nullable: false),
                DiscountTotal = t.Column<long>(nullable: false),
                VatTotal = t.Column<long>(nullable: false),
                Total = t.Column<long>(nullable: false),
                PaidAmount = t.Column<long>(nullable: false),
                CreditedAmount = t.Column<long>(nullable: false),
                PaidAt = t.Column<DateTime>(nullable: true),
                CancelledAt = t.Column<DateTime>(nullable: true),
                CancelledBy = t.Column<Guid>(nullable: true),
                CancelReason = t.Column<string>(maxLength: 500, nullable: true),
                ReminderPolicyId = t.Column<Guid>(nullable: true),
                OverdueNoticeFor = t.Column<DateOnly>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Invoices", x => x.Id));
        migrationBuilder.CreateIndex("IX_Invoices_Number", "Invoices", "Number", unique: true);
        migrationBuilder.CreateIndex("IX_Invoices_OwnerId_IssueDate", "Invoices", ["OwnerId", "IssueDate"]);
        migrationBuilder.CreateIndex("IX_Invoices_TeamId_IssueDate", "Invoices", ["TeamId", "IssueDate"]);
        migrationBuilder.CreateIndex("IX_Invoices_OrganizationId_IssueDate", "Invoices", ["OrganizationId", "IssueDate"]);
        migrationBuilder.CreateIndex("IX_Invoices_ContactId_IssueDate", "Invoices", ["ContactId", "IssueDate"]);
        migrationBuilder.CreateIndex("IX_Invoices_QuoteId", "Invoices", "QuoteId");
        migrationBuilder.CreateIndex("IX_Invoices_ReturnOfId", "Invoices", "ReturnOfId");
        migrationBuilder.CreateIndex("IX_Invoices_PaidAt_CancelledAt_DueDate", "Invoices", ["PaidAt", "CancelledAt", "DueDate"]);
        migrationBuilder.CreateIndex("IX_Invoices_IsDeleted", "Invoices", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "InvoiceLines",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                InvoiceId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                ProductId = t.Column<Guid>(nullable: true),
                Code = t.Column<string>(maxLength: 40, nullable: true),
                Description = t.Column<string>(maxLength: 300, nullable: false),
                Unit = t.Column<string>(maxLength: 30, nullable: false),
                Quantity = t.Column<decimal>(precision: 18, scale: 3, nullable: false),
                UnitPrice = t.Column<long>(nullable: false),
                DiscountPercent = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
                DiscountAmount = t.Column<long>(nullable: true),
                VatRate = t.Column<decimal>(precision: 5, scale: 2, nullable: false),
                Gross = t.Column<long>(nullable: false),
                Discount = t.Column<long>(nullable: false),
                Net = t.Column<long>(nullable: false),
                Vat = t.Column<long>(nullable: false),
                Total = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_InvoiceLines", x => x.Id);
                t.ForeignKey("FK_InvoiceLines_Invoices_InvoiceId", x => x.InvoiceId, "Invoices", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_InvoiceLines_InvoiceId", "InvoiceLines", "InvoiceId");
        migrationBuilder.CreateIndex("IX_InvoiceLines_ProductId", "InvoiceLines", "ProductId");

        migrationBuilder.CreateTable(
            name: "InvoiceInstallments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                InvoiceId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                DueDate = t.Column<DateOnly>(nullable: false),
                Amount = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_InvoiceInstallments", x => x.Id);
                t.ForeignKey("FK_InvoiceInstallments_Invoices_InvoiceId", x => x.InvoiceId, "Invoices", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_InvoiceInstallments_InvoiceId", "InvoiceInstallments", "InvoiceId");

        migrationBuilder.CreateTable(
            name: "Payments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                InvoiceId = t.Column<Guid>(nullable: false),
                Method = t.Column<int>(nullable: false),
                Amount = t.Column<long>(nullable: false),
                PaidOn = t.Column<DateOnly>(nullable: false),
                Reference = t.Column<string>(maxLength: 100, nullable: true),
                Note = t.Column<string>(maxLength: 500, nullable: true),
                Bank = t.Column<string>(maxLength: 100, nullable: true),
                ChequeNumber = t.Column<string>(maxLength: 40, nullable: true),
                SayadId = t.Column<string>(maxLength: 16, nullable: true),
                ChequeDueDate = t.Column<DateOnly>(nullable: true),
                ChequeStatus = t.Column<int>(nullable: true),
                ChequeStatusChangedAt = t.Column<DateTime>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Payments", x => x.Id));
        migrationBuilder.CreateIndex("IX_Payments_InvoiceId", "Payments", "InvoiceId");
        migrationBuilder.CreateIndex("IX_Payments_Method_ChequeStatus_ChequeDueDate", "Payments", ["Method", "ChequeStatus", "ChequeDueDate"]);
        migrationBuilder.CreateIndex("IX_Payments_IsDeleted", "Payments", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "InvoicingSettings",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                CompanyName = t.Column<string>(maxLength: 300, nullable: false),
                CompanyEnglishName = t.Column<string>(maxLength: 300, nullable: true),
                EconomicCode = t.Column<string>(maxLength: 40, nullable: true),
                NationalId = t.Column<string>(maxLength: 40, nullable: true),
                RegistrationNumber = t.Column<string>(maxLength: 40, nullable: true),
                Address = t.Column<string>(maxLength: 300, nullable: true),
                PostalCode = t.Column<string>(maxLength: 40, nullable: true),
                Phone = t.Column<string>(maxLength: 40, nullable: true),
                Email = t.Column<string>(maxLength: 200, nullable: true),
                FooterText = t.Column<string>(maxLength: 1000, nullable: true),
                Logo = t.Column<byte[]>(nullable: true),
                LogoType = t.Column<string>(maxLength: 40, nullable: true),
                Seal = t.Column<byte[]>(nullable: true),
                SealType = t.Column<string>(maxLength: 40, nullable: true),
                QuotePattern = t.Column<string>(maxLength: 40, nullable: false),
                InvoicePattern = t.Column<string>(maxLength: 40, nullable: false),
                ReturnPattern = t.Column<string>(maxLength: 40, nullable: false),
                ServicePattern = t.Column<string>(maxLength: 40, nullable: false),
                QuoteValidDays = t.Column<int>(nullable: false),
                PaymentDays = t.Column<int>(nullable: false),
                DefaultVatRate = t.Column<decimal>(precision: 5, scale: 2, nullable: false),
                ApprovalThreshold = t.Column<decimal>(precision: 5, scale: 2, nullable: false),
                DefaultTerms = t.Column<string>(maxLength: 4000, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_InvoicingSettings", x => x.Id));
        migrationBuilder.CreateIndex("IX_InvoicingSettings_IsDeleted", "InvoicingSettings", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "ReminderPolicies",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                IsDefault = t.Column<bool>(nullable: false),
                DaysBefore = t.Column<int>(nullable: true),
                OnDueDate = t.Column<bool>(nullable: false),
                EveryDaysAfter = t.Column<int>(nullable: true),
                MaxCount = t.Column<int>(nullable: false),
                BySms = t.Column<bool>(nullable: false),
                ByEmail = t.Column<bool>(nullable: false),
                ThankYou = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_ReminderPolicies", x => x.Id));
        migrationBuilder.CreateIndex("IX_ReminderPolicies_IsDeleted", "ReminderPolicies", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "CustomerReminderPolicies",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                CustomerType = t.Column<string>(maxLength: 40, nullable: false),
                CustomerId = t.Column<Guid>(nullable: false),
                ReminderPolicyId = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_CustomerReminderPolicies", x => x.Id));
        migrationBuilder.CreateIndex("IX_CustomerReminderPolicies_CustomerType_CustomerId", "CustomerReminderPolicies", ["CustomerType", "CustomerId"], unique: true);

        migrationBuilder.CreateTable(
            name: "SentReminders",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                SubjectId = t.Column<Guid>(nullable: false),
                DueDate = t.Column<DateOnly>(nullable: false),
                Kind = t.Column<int>(nullable: false),
                Sequence = t.Column<int>(nullable: false),
                Channel = t.Column<int>(nullable: false),
                MessageId = t.Column<Guid>(nullable: true),
                SentAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_SentReminders", x => x.Id));
        migrationBuilder.CreateIndex("IX_SentReminders_SubjectId_DueDate_Kind_Sequence_Channel", "SentReminders", ["SubjectId", "DueDate", "Kind", "Sequence", "Channel"], unique: true);

        migrationBuilder.CreateTable(
            name: "DocumentSequences",
            columns: t => new
            {
                Key = t.Column<string>(maxLength: 60, nullable: false),
                Last = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_DocumentSequences", x => x.Key));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DocumentSequences");
        migrationBuilder.DropTable(name: "SentReminders");
        migrationBuilder.DropTable(name: "CustomerReminderPolicies");
        migrationBuilder.DropTable(name: "ReminderPolicies");
        migrationBuilder.DropTable(name: "InvoicingSettings");
        migrationBuilder.DropTable(name: "Payments");
        migrationBuilder.DropTable(name: "InvoiceInstallments");
        migrationBuilder.DropTable(name: "InvoiceLines");
        migrationBuilder.DropTable(name: "Invoices");
        migrationBuilder.DropTable(name: "QuoteLines");
        migrationBuilder.DropTable(name: "Quotes");
    }
}
