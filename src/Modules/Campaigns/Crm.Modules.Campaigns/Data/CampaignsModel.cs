using Crm.Modules.Campaigns.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Data;

public static class CampaignsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<MarketingPlan>(b =>
        {
            b.ToTable("MarketingPlans");
            b.Property(p => p.Name).HasMaxLength(MarketingPlan.NameMaxLength);
            b.Property(p => p.Goal).HasMaxLength(MarketingPlan.GoalMaxLength);
            b.Property(p => p.Description).HasMaxLength(MarketingPlan.DescriptionMaxLength);
            b.Property(p => p.ReviewComment).HasMaxLength(MarketingPlan.CommentMaxLength);
            b.Ignore(p => p.IsEditable);
            // The list: by status (a manager's "waiting for me"), newest first; and a rep's own.
            b.HasIndex(p => new { p.Status, p.StartDate });
            b.HasIndex(p => new { p.OwnerId, p.StartDate });
            b.HasIndex(p => new { p.TeamId, p.StartDate });
        });

        model.Entity<Campaign>(b =>
        {
            b.ToTable("Campaigns");
            b.Property(c => c.Name).HasMaxLength(Campaign.NameMaxLength);
            b.Property(c => c.Description).HasMaxLength(Campaign.DescriptionMaxLength);
            b.Property(c => c.AudienceSegment).HasMaxLength(Campaign.AudienceTextMaxLength);
            b.Property(c => c.AudienceCity).HasMaxLength(Campaign.AudienceTextMaxLength);
            b.Property(c => c.Message).HasMaxLength(Campaign.EmailMaxLength);
            b.Property(c => c.Subject).HasMaxLength(Campaign.SubjectMaxLength);
            b.Property(c => c.Code).HasMaxLength(16);
            b.Property(c => c.MessageB).HasMaxLength(Campaign.EmailMaxLength);
            b.Property(c => c.Html).HasMaxLength(Campaign.HtmlMaxLength);
            b.Property(c => c.ContentSource).HasMaxLength(Campaign.ContentSourceMaxLength);
            b.Property(c => c.SegmentB).HasMaxLength(Campaign.AudienceTextMaxLength);
            b.Property(c => c.SubjectB).HasMaxLength(Campaign.SubjectMaxLength);
            b.Ignore(c => c.IsAbTest);
            b.HasIndex(c => c.Code).IsUnique();
            b.Ignore(c => c.Audience);
            b.Ignore(c => c.IsEmail);
            b.Ignore(c => c.IsSent);
            b.Ignore(c => c.IsCallList);
            b.Ignore(c => c.IsRun);
            b.Ignore(c => c.Callers);
            b.Property(c => c.CallerIds).HasMaxLength(2000);
            // The send job's scan: campaigns being sent.
            b.HasIndex(c => c.SendState);
            b.Ignore(c => c.Address);
            b.HasIndex(c => c.PlanId);
        });

        model.Entity<CampaignRecipient>(b =>
        {
            b.ToTable("CampaignRecipients");
            b.Property(r => r.Address).HasMaxLength(254);
            b.Property(r => r.Name).HasMaxLength(CampaignRecipient.NameMaxLength);
            // A contact is a campaign's recipient once, however often its audience page is read again after a restart.
            b.HasIndex(r => new { r.CampaignId, r.ContactId }).IsUnique();
            // The next batch to queue: a campaign's recipients not yet queued, in order.
            b.HasIndex(r => new { r.CampaignId, r.QueuedAt, r.Id });
        });

        model.Entity<CampaignCost>(b =>
        {
            b.ToTable("CampaignCosts");
            b.Property(c => c.Description).HasMaxLength(CampaignCost.DescriptionMaxLength);
            b.HasIndex(c => new { c.CampaignId, c.Date });
        });

        model.Entity<TargetList>(b =>
        {
            b.ToTable("TargetLists");
            b.Property(t => t.Name).HasMaxLength(TargetList.NameMaxLength);
            b.Property(t => t.Description).HasMaxLength(TargetList.DescriptionMaxLength);
            b.HasIndex(t => t.Name);
        });

        model.Entity<TargetListMember>(b =>
        {
            b.ToTable("TargetListMembers");
            // A contact is on a list once; the audience reads a list in contact order from here.
            b.HasIndex(m => new { m.ListId, m.ContactId }).IsUnique();
        });

        model.Entity<PlanHistoryEntry>(b =>
        {
            b.ToTable("MarketingPlanHistory");
            b.Property(h => h.Comment).HasMaxLength(MarketingPlan.CommentMaxLength);
            b.HasIndex(h => new { h.PlanId, h.At });
        });
    }
}
