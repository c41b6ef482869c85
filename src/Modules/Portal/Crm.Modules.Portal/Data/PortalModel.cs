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
