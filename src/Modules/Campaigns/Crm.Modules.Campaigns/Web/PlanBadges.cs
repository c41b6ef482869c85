using Crm.Modules.Campaigns.Domain;

namespace Crm.Modules.Campaigns.Web;

public static class PlanBadges
{
    public static string Of(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "text-bg-secondary",
        PlanStatus.Submitted => "text-bg-warning",
        PlanStatus.Approved => "text-bg-success",
        PlanStatus.SentBack => "text-bg-danger",
        PlanStatus.Running => "text-bg-primary",
        _ => "text-bg-dark",
    };

    public static string Icon(CampaignType type) => type switch
    {
        CampaignType.Sms => "chat-dots",
        CampaignType.Email => "envelope",
        CampaignType.Newsletter => "newspaper",
        CampaignType.CallList => "telephone",
        CampaignType.Event => "calendar-event",
        _ => "megaphone",
    };
}
