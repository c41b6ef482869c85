using Crm.Modules.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Data;

public static class SalesModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<SalesProcess>(b =>
        {
            b.ToTable("SalesProcesses");
            b.Property(p => p.Name).HasMaxLength(100);
            b.Property(p => p.EnglishName).HasMaxLength(100);
            b.HasMany(p => p.Stages).WithOne().HasForeignKey(s => s.ProcessId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(p => p.DisplayName);
            b.Ignore(p => p.OpenStages);
            b.Ignore(p => p.Won);
            b.Ignore(p => p.Lost);
            b.Ignore(p => p.BoardStages);
        });

        model.Entity<Stage>(b =>
        {
            b.ToTable("SalesStages");
            b.Property(s => s.Name).HasMaxLength(100);
            b.Property(s => s.EnglishName).HasMaxLength(100);
            b.HasMany(s => s.Checklist).WithOne().HasForeignKey(c => c.StageId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(s => s.DisplayName);
        });

        model.Entity<ChecklistItem>(b =>
        {
            b.ToTable("SalesChecklistItems");
            b.Property(c => c.Text).HasMaxLength(200);
        });

        model.Entity<Opportunity>(b =>
        {
            b.ToTable("Opportunities");
            b.Property(o => o.Name).HasMaxLength(200);
            b.Property(o => o.CustomerName).HasMaxLength(200);
            b.Property(o => o.Currency).HasMaxLength(3);
            b.Property(o => o.LossReason).HasMaxLength(40);
            b.Property(o => o.LossNote).HasMaxLength(1000);
            b.Property(o => o.WinOffer).HasMaxLength(100);
            b.Property(o => o.Campaign).HasMaxLength(100);
            b.Property(o => o.NextStep).HasMaxLength(200);
            b.Property(o => o.Notes).HasMaxLength(4000);
            b.Ignore(o => o.WeightedAmount);
            b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(o => o.Competitors).WithOne().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(o => o.Ticks).WithOne().HasForeignKey(t => t.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            // A board column: the deals of one stage, newest in the stage first.
            b.HasIndex(o => new { o.StageId, o.StageEnteredAt });
            b.HasIndex(o => new { o.OwnerId, o.Status });
            // A campaign's results count its deals.
            b.HasIndex(o => o.CampaignId);
            b.HasIndex(o => new { o.TeamId, o.Status });
            b.HasIndex(o => o.OrganizationId);
            b.HasIndex(o => o.ContactId);
            b.HasIndex(o => new { o.Status, o.ExpectedClose });
            // The board's column totals: open deals, and deals closed recently, per process; covering, so the sums read
            // only the index.
            b.HasIndex(o => new { o.Status, o.ProcessId, o.ClosedAt, o.StageId, o.Probability, o.Amount, o.IsDeleted }).HasDatabaseName("IX_Opportunities_Board");
            // The pipeline report: open deals summed by stage, owner and expected close day (with their age), from the index
            // alone and in the order of the grouping, so SQLite streams the sums instead of sorting a third of a million rows
            // (IsDeleted after the grouping columns: SQLite cannot seek the query filter's bare NOT "IsDeleted").
            b.HasIndex(o => new { o.Status, o.StageId, o.OwnerId, o.ExpectedClose, o.IsDeleted, o.StageEnteredAt, o.Amount, o.Probability }).HasDatabaseName("IX_Opportunities_Open");
            // The deals won and lost in a period, with their amount and age, from the index alone.
            b.HasIndex(o => new { o.Status, o.ClosedAt, o.IsDeleted, o.Amount, o.CreatedAt }).HasDatabaseName("IX_Opportunities_Closed");
        });

        model.Entity<OpportunityLine>(b =>
        {
            b.ToTable("OpportunityLines");
            b.Property(l => l.Quantity).HasPrecision(18, 3);
            b.HasIndex(l => l.ProductId);
        });

        model.Entity<Competitor>(b =>
        {
            b.ToTable("OpportunityCompetitors");
            b.Property(c => c.Name).HasMaxLength(100);
            b.Property(c => c.Offer).HasMaxLength(500);
        });

        model.Entity<ChecklistTick>(b =>
        {
            b.ToTable("OpportunityChecklistTicks");
            b.HasIndex(t => new { t.OpportunityId, t.ChecklistItemId }).IsUnique();
        });

        model.Entity<StageVisit>(b =>
        {
            b.ToTable("OpportunityStageVisits");
            b.HasIndex(v => new { v.OpportunityId, v.EnteredAt });
            // The funnel: which deals entered a stage in a period, from the index alone.
            b.HasIndex(v => new { v.StageId, v.EnteredAt, v.OpportunityId }).HasDatabaseName("IX_OpportunityStageVisits_Funnel");
            // Stage velocity: per stage, the stays that ended in a period and how long they were, read in stage order.
            b.HasIndex(v => new { v.StageId, v.ExitedAt, v.EnteredAt, v.OpportunityId }).HasDatabaseName("IX_OpportunityStageVisits_Exits");
        });

        model.Entity<LeadConversion>(b =>
        {
            b.ToTable("LeadConversions");
            b.HasIndex(c => c.LeadId).IsUnique();
            b.HasIndex(c => c.ConvertedAt);
        });

        model.Entity<Product>(b =>
        {
            b.ToTable("Products");
            b.Property(p => p.Code).HasMaxLength(40);
            b.Property(p => p.Name).HasMaxLength(200);
            b.Property(p => p.EnglishName).HasMaxLength(200);
            b.Property(p => p.Unit).HasMaxLength(30);
            b.Property(p => p.Category).HasMaxLength(100);
            b.Property(p => p.VatRate).HasPrecision(5, 2);
            b.Ignore(p => p.DisplayName);
            b.HasIndex(p => p.Code).IsUnique();
            b.HasIndex(p => p.Category);
        });

        model.Entity<PriceBook>(b =>
        {
            b.ToTable("PriceBooks");
            b.Property(p => p.Name).HasMaxLength(100);
            b.HasMany(p => p.Entries).WithOne().HasForeignKey(e => e.PriceBookId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<PriceBookEntry>(b =>
        {
            b.ToTable("PriceBookEntries");
            b.Property(e => e.DiscountPercent).HasPrecision(5, 2);
            b.HasIndex(e => new { e.PriceBookId, e.ProductId }).IsUnique();
        });

        model.Entity<SalesTarget>(b =>
        {
            b.ToTable("SalesTargets");
            b.HasIndex(t => new { t.Year, t.Month });
        });

        model.Entity<CommissionRule>(b =>
        {
            b.ToTable("CommissionRules");
            b.Property(r => r.Name).HasMaxLength(100);
            b.Property(r => r.Category).HasMaxLength(100);
            b.Property(r => r.Percent).HasPrecision(5, 2);
        });
    }
}
