using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

/// <summary>The colours and words tickets are shown with in lists and on their page.</summary>
public static class TicketBadges
{
    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.New => "text-bg-primary",
        TicketStatus.Assigned or TicketStatus.InProgress => "text-bg-info",
        TicketStatus.WaitingOnCustomer or TicketStatus.Postponed => "text-bg-secondary",
        TicketStatus.Resolved or TicketStatus.Closed => "text-bg-success",
        _ => "text-bg-light border",
    };

    public static string Repair(RepairStatus status) => status switch
    {
        RepairStatus.Received or RepairStatus.Diagnosing => "text-bg-info",
        RepairStatus.AwaitingApproval => "text-bg-warning",
        RepairStatus.Repairing => "text-bg-primary",
        RepairStatus.Ready => "text-bg-success",
        _ => "text-bg-light border",
    };

    public static string Priority(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => "text-bg-danger",
        TicketPriority.High => "text-bg-warning",
        TicketPriority.Low => "text-bg-light border",
        _ => "text-bg-secondary",
    };

    public static string Sla(SlaState state) => state switch
    {
        SlaState.Breached => "text-bg-danger",
        SlaState.Warning => "text-bg-warning",
        SlaState.Met => "text-bg-success",
        SlaState.Running => "text-bg-info",
        _ => "text-bg-light border",
    };

    /// <summary>"2 h 15 min" of working time, in the reader's digits.</summary>
    public static string Span(TimeSpan span, IStringLocalizer l, IDisplayFormatter format)
    {
        var minutes = (int)Math.Round(Math.Abs(span.TotalMinutes));
        var hours = minutes / 60;
        return (hours, minutes % 60) switch
        {
            (0, var m) => l["Span_Minutes", format.Number(m)],
            (var h, 0) => l["Span_Hours", format.Number(h)],
            (var h, var m) => l["Span_HoursMinutes", format.Number(h), format.Number(m)],
        };
    }
}
