using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Lists;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Contacts.Data;

public static class ContactsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Contact>(b =>
        {
            b.ToTable("Contacts");
            b.Property(c => c.FirstName).HasMaxLength(100);
            b.Property(c => c.LastName).HasMaxLength(100);
            b.Property(c => c.FullName).HasMaxLength(201);
            b.Property(c => c.NameKey).IsSearchKey(200);
            b.Property(c => c.LastNameKey).IsSearchKey(100);
            b.Property(c => c.JobTitle).HasMaxLength(100);
            b.Property(c => c.NationalCode).HasMaxLength(10);
            b.Property(c => c.Segments).HasMaxLength(500);
            b.Property(c => c.Notes).HasMaxLength(4000);
            b.Property(c => c.PrimaryPhone).HasMaxLength(32);
            b.Property(c => c.PrimaryEmail).HasMaxLength(254);
            b.Property(c => c.City).HasMaxLength(100);
            b.HasIndex(c => new { c.NameKey, c.Id });
            b.HasIndex(c => c.LastNameKey);
            b.HasIndex(c => new { c.OwnerId, c.NameKey });
            b.HasIndex(c => new { c.TeamId, c.NameKey });
            b.HasIndex(c => c.NationalCode);
            b.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.ContactId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(c => c.Emails).WithOne().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(c => c.Addresses).WithOne().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(c => c.Employments).WithOne().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Organization>(b =>
        {
            b.ToTable("Organizations");
            b.Property(o => o.Name).HasMaxLength(200);
            b.Property(o => o.NameKey).IsSearchKey(200);
            b.Property(o => o.NationalId).HasMaxLength(11);
            b.Property(o => o.EconomicCode).HasMaxLength(14);
            b.Property(o => o.Industry).HasMaxLength(100);
            b.Property(o => o.Website).HasMaxLength(200);
            b.Property(o => o.Segments).HasMaxLength(500);
            b.Property(o => o.Notes).HasMaxLength(4000);
            b.Property(o => o.PrimaryPhone).HasMaxLength(32);
            b.Property(o => o.PrimaryEmail).HasMaxLength(254);
            b.Property(o => o.City).HasMaxLength(100);
            b.HasIndex(o => new { o.NameKey, o.Id });
            b.HasIndex(o => new { o.OwnerId, o.NameKey });
            b.HasIndex(o => new { o.TeamId, o.NameKey });
            b.HasIndex(o => o.NationalId);
            b.HasMany(o => o.Phones).WithOne().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(o => o.Emails).WithOne().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(o => o.Addresses).WithOne().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<PhoneEntry>(b =>
        {
            b.ToTable("PhoneNumbers");
            b.Property(p => p.Number).HasMaxLength(32);
            b.Property(p => p.NumberKey).IsSearchKey(20);
            b.HasIndex(p => p.NumberKey);
        });

        model.Entity<EmailEntry>(b =>
        {
            b.ToTable("EmailAddresses");
            b.Property(e => e.Address).HasMaxLength(254);
            b.Property(e => e.AddressKey).IsSearchKey(254);
            b.HasIndex(e => e.AddressKey);
        });

        model.Entity<PostalAddress>(b =>
        {
            b.ToTable("PostalAddresses");
            b.Property(a => a.Province).HasMaxLength(3);
            b.Property(a => a.City).HasMaxLength(100);
            b.Property(a => a.Line).HasMaxLength(300);
            b.Property(a => a.PostalCode).HasMaxLength(10);
        });

        model.Entity<Employment>(b =>
        {
            b.ToTable("Employments");
            b.Property(e => e.JobTitle).HasMaxLength(100);
            b.HasIndex(e => new { e.ContactId, e.OrganizationId }).IsUnique();
            b.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
