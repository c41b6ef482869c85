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
            b.HasIndex(a => a.CreatedAt);
        });

        model.Entity<PortalSettings>(b =>
        {
            b.ToTable("PortalSettings");
            b.Property(s => s.WelcomeFa).HasMaxLength(PortalSettings.WelcomeMaxLength);
            b.Property(s => s.WelcomeEn).HasMaxLength(PortalSettings.WelcomeMaxLength);
            b.Property(s => s.Colour).HasMaxLength(7);
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
    }
}
