using Crm.Modules.Portal.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Portal.Data;

public static class PortalModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<PortalAccount>(b =>
        {
            b.ToTable("PortalAccounts");
            b.Property(a => a.Name).HasMaxLength(200);
            b.Property(a => a.MobileKey).HasMaxLength(20);
            b.Property(a => a.Culture).HasMaxLength(8);
            b.HasIndex(a => a.ContactId).IsUnique();
            b.HasIndex(a => a.MobileKey).IsUnique();
            b.Property(a => a.EmailKey).HasMaxLength(200);
            b.Property(a => a.PasswordHash).HasMaxLength(200);
            // Null for accounts without a password: both databases let many rows hold null under a unique index.
            b.HasIndex(a => a.EmailKey).IsUnique();
            b.HasIndex(a => a.CreatedAt);
        });

        model.Entity<PortalSettings>(b =>
        {
            b.ToTable("PortalSettings");
            b.Property(s => s.WelcomeFa).HasMaxLength(PortalSettings.WelcomeMaxLength);
            b.Property(s => s.WelcomeEn).HasMaxLength(PortalSettings.WelcomeMaxLength);
            b.Property(s => s.Colour).HasMaxLength(7);
            b.Property(s => s.LogoStore).HasMaxLength(200);
            b.Property(s => s.LogoType).HasMaxLength(40);
            b.Property(s => s.Version).IsConcurrencyToken();
        });

        model.Entity<PortalSectionSetting>(b =>
        {
            b.ToTable("PortalSectionSettings");
            b.HasKey(s => s.Key);
            b.Property(s => s.Key).HasMaxLength(40);
            b.Property(s => s.TitleFa).HasMaxLength(PortalSectionSetting.TitleMaxLength);
            b.Property(s => s.TitleEn).HasMaxLength(PortalSectionSetting.TitleMaxLength);
        });

        model.Entity<PortalSignInCode>(b =>
        {
            b.ToTable("PortalSignInCodes");
            b.Property(c => c.MobileKey).HasMaxLength(20);
            b.Property(c => c.CodeHash).HasMaxLength(64);
            b.Property(c => c.Address).HasMaxLength(45);
            // The limits' questions: a number's latest codes, and an address's codes in the last hour.
            b.HasIndex(c => new { c.MobileKey, c.CreatedAt });
            b.HasIndex(c => new { c.Address, c.CreatedAt });
        });

        model.Entity<PortalProfileRequest>(b =>
        {
            b.ToTable("PortalProfileRequests");
            b.Property(r => r.Email).HasMaxLength(PortalProfileRequest.EmailMaxLength);
            b.Property(r => r.Phone).HasMaxLength(PortalProfileRequest.PhoneMaxLength);
            b.Property(r => r.City).HasMaxLength(PortalProfileRequest.CityMaxLength);
            b.Property(r => r.Address).HasMaxLength(PortalProfileRequest.AddressMaxLength);
            b.Property(r => r.PostalCode).HasMaxLength(PortalProfileRequest.PostalCodeMaxLength);
            b.HasIndex(r => new { r.State, r.CreatedAt });
            b.HasIndex(r => new { r.ContactId, r.State });
        });

        model.Entity<PortalDocumentLink>(b =>
        {
            b.ToTable("PortalDocumentLinks");
            b.Property(d => d.TokenHash).HasMaxLength(64);
            b.Property(d => d.DocumentType).HasMaxLength(PortalDocumentLink.TypeMaxLength);
            b.HasIndex(d => d.TokenHash).IsUnique();
            b.HasIndex(d => new { d.DocumentType, d.DocumentId });
        });
    }
}
