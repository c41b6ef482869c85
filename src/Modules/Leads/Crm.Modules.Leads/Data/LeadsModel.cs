using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Lists;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Data;

public static class LeadsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Lead>(b =>
        {
            b.ToTable("Leads");
            b.Property(l => l.FirstName).HasMaxLength(100);
            b.Property(l => l.LastName).HasMaxLength(100);
            b.Property(l => l.FullName).HasMaxLength(201);
            b.Property(l => l.NameKey).IsSearchKey(200);
            b.Property(l => l.Mobile).HasMaxLength(32);
            b.Property(l => l.MobileKey).IsSearchKey(20);
            b.Property(l => l.Email).HasMaxLength(254);
            b.Property(l => l.EmailKey).IsSearchKey(254);
            b.Property(l => l.Company).HasMaxLength(200);
            b.Property(l => l.CompanyKey).IsSearchKey(200);
            b.Property(l => l.JobTitle).HasMaxLength(100);
            b.Property(l => l.City).HasMaxLength(100);
            b.Property(l => l.UnqualifiedReason).HasMaxLength(500);
            b.Property(l => l.Notes).HasMaxLength(4000);
            b.HasIndex(l => new { l.NameKey, l.Id });
            b.HasIndex(l => l.MobileKey);
            // A campaign's results count its leads.
            b.HasIndex(l => l.CampaignId);
            b.HasIndex(l => l.EmailKey);
            b.HasIndex(l => l.CompanyKey);
            b.HasIndex(l => new { l.OwnerId, l.Status });
            b.HasIndex(l => new { l.TeamId, l.Status });
            b.HasIndex(l => new { l.Status, l.Id });
        });

        model.Entity<LeadSearchWord>(b =>
        {
            b.ToTable("LeadSearchWords");
            b.Property(w => w.Word).IsSearchKey(LeadSearchWord.MaxLength);
            b.HasIndex(w => new { w.Word, w.LeadId });
            b.HasIndex(w => w.LeadId);
        });

        model.Entity<LeadAssignmentRule>(b =>
        {
            b.ToTable("LeadAssignmentRules");
            b.HasIndex(r => r.TeamId).IsUnique();
        });
    }
}
