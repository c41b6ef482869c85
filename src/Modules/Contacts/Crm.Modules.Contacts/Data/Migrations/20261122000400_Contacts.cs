using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Contacts.Data.Migrations;

/// <summary>Contacts module: people, organizations, their phones, emails and addresses, and who works where.</summary>
[Migration("20261122000400_Contacts")]
public sealed class Contacts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var keyCollation = migrationBuilder.SearchKeyCollation();
        migrationBuilder.CreateTable(
            name: "Contacts",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                FirstName = t.Column<string>(maxLength: 100, nullable: false),
                LastName = t.Column<string>(maxLength: 100, nullable: false),
                FullName = t.Column<string>(maxLength: 201, nullable: false),
                NameKey = t.Column<string>(maxLength: 200, nullable: false, collation: keyCollation),
                LastNameKey = t.Column<string>(maxLength: 100, nullable: false, collation: keyCollation),
                JobTitle = t.Column<string>(maxLength: 100, nullable: true),
                NationalCode = t.Column<string>(maxLength: 10, nullable: true),
                Birthday = t.Column<DateOnly>(nullable: true),
                Source = t.Column<int>(nullable: false),
                Rating = t.Column<int>(nullable: false),
                Segments = t.Column<string>(maxLength: 500, nullable: true),
                Notes = t.Column<string>(maxLength: 4000, nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                PrimaryPhone = t.Column<string>(maxLength: 32, nullable: true),
                PrimaryEmail = t.Column<string>(maxLength: 254, nullable: true),
                City = t.Column<string>(maxLength: 100, nullable: true),
                ImportId = t.Column<Guid>(nullable: true),
                MergedIntoId = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Contacts", x => x.Id));
        migrationBuilder.CreateIndex("IX_Contacts_NameKey_Id", "Contacts", ["NameKey", "Id"]);
        migrationBuilder.CreateIndex("IX_Contacts_LastNameKey", "Contacts", "LastNameKey");
        migrationBuilder.CreateIndex("IX_Contacts_OwnerId_NameKey", "Contacts", ["OwnerId", "NameKey"]);
        migrationBuilder.CreateIndex("IX_Contacts_TeamId_NameKey", "Contacts", ["TeamId", "NameKey"]);
        migrationBuilder.CreateIndex("IX_Contacts_NationalCode", "Contacts", "NationalCode");
        migrationBuilder.CreateIndex("IX_Contacts_IsDeleted", "Contacts", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "Organizations",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                NameKey = t.Column<string>(maxLength: 200, nullable: false, collation: keyCollation),
                NationalId = t.Column<string>(maxLength: 11, nullable: true),
                EconomicCode = t.Column<string>(maxLength: 14, nullable: true),
                Industry = t.Column<string>(maxLength: 100, nullable: true),
                Website = t.Column<string>(maxLength: 200, nullable: true),
                Source = t.Column<int>(nullable: false),
                Rating = t.Column<int>(nullable: false),
                Segments = t.Column<string>(maxLength: 500, nullable: true),
                Notes = t.Column<string>(maxLength: 4000, nullable: true),
                OwnerId = t.Column<Guid>(nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                PrimaryPhone = t.Column<string>(maxLength: 32, nullable: true),
                PrimaryEmail = t.Column<string>(maxLength: 254, nullable: true),
                City = t.Column<string>(maxLength: 100, nullable: true),
                ImportId = t.Column<Guid>(nullable: true),
                MergedIntoId = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Organizations", x => x.Id));
        migrationBuilder.CreateIndex("IX_Organizations_NameKey_Id", "Organizations", ["NameKey", "Id"]);
        migrationBuilder.CreateIndex("IX_Organizations_OwnerId_NameKey", "Organizations", ["OwnerId", "NameKey"]);
        migrationBuilder.CreateIndex("IX_Organizations_TeamId_NameKey", "Organizations", ["TeamId", "NameKey"]);
        migrationBuilder.CreateIndex("IX_Organizations_NationalId", "Organizations", "NationalId");
        migrationBuilder.CreateIndex("IX_Organizations_IsDeleted", "Organizations", "IsDeleted");

        migrationBuilder.CreateTable(
            name: "PhoneNumbers",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: true),
                OrganizationId = t.Column<Guid>(nullable: true),
                Type = t.Column<int>(nullable: false),
                Number = t.Column<string>(maxLength: 32, nullable: false),
                NumberKey = t.Column<string>(maxLength: 20, nullable: false, collation: keyCollation),
                Position = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_PhoneNumbers", x => x.Id);
                t.ForeignKey("FK_PhoneNumbers_Contacts_ContactId", x => x.ContactId, "Contacts", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_PhoneNumbers_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_PhoneNumbers_NumberKey", "PhoneNumbers", "NumberKey");
        migrationBuilder.CreateIndex("IX_PhoneNumbers_ContactId", "PhoneNumbers", "ContactId");
        migrationBuilder.CreateIndex("IX_PhoneNumbers_OrganizationId", "PhoneNumbers", "OrganizationId");

        migrationBuilder.CreateTable(
            name: "EmailAddresses",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: true),
                OrganizationId = t.Column<Guid>(nullable: true),
                Type = t.Column<int>(nullable: false),
                Address = t.Column<string>(maxLength: 254, nullable: false),
                AddressKey = t.Column<string>(maxLength: 254, nullable: false, collation: keyCollation),
                Position = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_EmailAddresses", x => x.Id);
                t.ForeignKey("FK_EmailAddresses_Contacts_ContactId", x => x.ContactId, "Contacts", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_EmailAddresses_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_EmailAddresses_AddressKey", "EmailAddresses", "AddressKey");
        migrationBuilder.CreateIndex("IX_EmailAddresses_ContactId", "EmailAddresses", "ContactId");
        migrationBuilder.CreateIndex("IX_EmailAddresses_OrganizationId", "EmailAddresses", "OrganizationId");

        migrationBuilder.CreateTable(
            name: "PostalAddresses",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: true),
                OrganizationId = t.Column<Guid>(nullable: true),
                Type = t.Column<int>(nullable: false),
                Province = t.Column<string>(maxLength: 3, nullable: true),
                City = t.Column<string>(maxLength: 100, nullable: true),
                Line = t.Column<string>(maxLength: 300, nullable: true),
                PostalCode = t.Column<string>(maxLength: 10, nullable: true),
                Position = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_PostalAddresses", x => x.Id);
                t.ForeignKey("FK_PostalAddresses_Contacts_ContactId", x => x.ContactId, "Contacts", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_PostalAddresses_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_PostalAddresses_ContactId", "PostalAddresses", "ContactId");
        migrationBuilder.CreateIndex("IX_PostalAddresses_OrganizationId", "PostalAddresses", "OrganizationId");

        migrationBuilder.CreateTable(
            name: "Employments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ContactId = t.Column<Guid>(nullable: false),
                OrganizationId = t.Column<Guid>(nullable: false),
                JobTitle = t.Column<string>(maxLength: 100, nullable: true),
                IsPrimary = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Employments", x => x.Id);
                t.ForeignKey("FK_Employments_Contacts_ContactId", x => x.ContactId, "Contacts", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_Employments_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Employments_ContactId_OrganizationId", "Employments", ["ContactId", "OrganizationId"], unique: true);
        migrationBuilder.CreateIndex("IX_Employments_OrganizationId", "Employments", "OrganizationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Employments");
        migrationBuilder.DropTable("PostalAddresses");
        migrationBuilder.DropTable("EmailAddresses");
        migrationBuilder.DropTable("PhoneNumbers");
        migrationBuilder.DropTable("Organizations");
        migrationBuilder.DropTable("Contacts");
    }
}
