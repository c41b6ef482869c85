using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.SharedKernel.Messaging;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Features;

/// <summary>After-sales service: tickets opened and solved, SLA compliance, response and resolution times, backlog, satisfaction and repairs.</summary>
public sealed class ServiceReportBuilder(IMediator mediator, ReportFormat f, IStringLocalizer<ReportsResources> l)
{
    public async Task<Report> ServiceAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var figures = await mediator.Send(new GetServiceFigures(period.FromUtc, period.ToUtc), cancellationToken);
        var report = new Report("service", l["Report_Service"], period) { Explanation = l["Service_Explanation"] };
        var opened = figures.ByDay.Sum(d => d.Opened);
        var solved = figures.ByDay.Sum(d => d.Solved);
        var measured = figures.TargetsMet + figures.TargetsBreached;
        var rated = figures.Ratings.Sum();
        report.Kpis.Add(new Kpi(l["Kpi_TicketsOpened"], f.Count(opened)));
        report.Kpis.Add(new Kpi(l["Kpi_TicketsSolved"], f.Count(solved)));
        report.Kpis.Add(new Kpi(l["Kpi_SlaCompliance"], f.Percent(measured == 0 ? null : (decimal)figures.TargetsMet / measured), l["Kpi_SlaBreaches", f.Count(figures.TargetsBreached)]));
        report.Kpis.Add(new Kpi(l["Kpi_FirstResponse"], Hours(figures.FirstResponse.Median), l["Kpi_P90", Hours(figures.FirstResponse.Percentile90)]));
        report.Kpis.Add(new Kpi(l["Kpi_Resolution"], Hours(figures.Resolution.Median), l["Kpi_P90", Hours(figures.Resolution.Percentile90)]));
        report.Kpis.Add(new Kpi(l["Kpi_Satisfaction"], rated == 0 ? "—" : f.Fraction(figures.Ratings.Select((n, i) => n * (i + 1.0)).Sum() / rated), l["Kpi_Ratings", f.Count(rated)]));

        report.Charts.Add(new Chart("tickets-by-day", "line", l["Chart_TicketsByDay"], [.. figures.ByDay.Select(d => f.Dates.Date(d.Date))],
            [new ChartSeries(l["Col_Opened"], [.. figures.ByDay.Select(d => (decimal)d.Opened)]), new ChartSeries(l["Col_Solved"], [.. figures.ByDay.Select(d => (decimal)d.Solved)])]));
        report.Charts.Add(new Chart("backlog-age", "bar", l["Chart_Backlog"], [.. figures.Backlog.Select(b => l["Age_" + b.Key].Value)],
            [new ChartSeries(l["Col_OpenTickets"], [.. figures.Backlog.Select(b => (decimal)b.Opened)])]));
        report.Charts.Add(new Chart("ratings", "bar", l["Chart_Ratings"], [.. Enumerable.Range(1, 5).Select(i => f.Count(i))],
            [new ChartSeries(l["Col_Ratings"], [.. figures.Ratings.Select(n => (decimal)n)])]));

        var teams = (await mediator.Send(new ListTeams(), cancellationToken)).ToDictionary(t => t.Id.ToString(), t => t.Name);
        var agents = await mediator.Send(new GetUserNames([.. figures.Groups["Agent"].Where(g => g.Key.Length > 0).Select(g => Guid.Parse(g.Key))]), cancellationToken);
        string Name(string group, string key) => key.Length == 0 ? l["NotGiven"].Value : group switch
        {
            "Team" => teams.GetValueOrDefault(key, key),
            "Agent" => agents.GetValueOrDefault(Guid.Parse(key), key),
            "Category" => key,
            _ => l[$"Ticket{group}_{key}"].Value,
        };
        foreach (var group in ServiceFigures.GroupKeys)
        {
            report.Tables.Add(new ReportTable(l["Table_TicketsBy" + group],
                [new(l["Col_" + group]), new(l["Col_Opened"], true), new(l["Col_Solved"], true), new(l["Col_Breached"], true)],
                [.. figures.Groups[group].Select(g => new ReportRow([Name(group, g.Key), f.CountCell(g.Opened), f.CountCell(g.Solved), f.CountCell(g.Breached)]))]) { Empty = l["Empty"] });
        }

        report.Tables.Add(new ReportTable(l["Table_RepairsByItem"], [new(l["Col_Item"]), new(l["Col_Repairs"], true), new(l["Col_Delivered"], true)],
            [.. figures.RepairsByItem.Select(g => new ReportRow([g.Key, f.CountCell(g.Opened), f.CountCell(g.Solved)]))]) { Empty = l["Empty"] });
        report.Tables.Add(new ReportTable(l["Table_RepairsByFault"], [new(l["Col_Fault"]), new(l["Col_Repairs"], true), new(l["Col_Delivered"], true)],
            [.. figures.RepairsByFault.Select(g => new ReportRow([g.Key.Length == 0 ? l["NoFault"].Value : g.Key, f.CountCell(g.Opened), f.CountCell(g.Solved)]))]) { Empty = l["Empty"] });
        report.Tables.Add(new ReportTable(l["Table_WarrantyCost"], [new(l["Col_What"]), new(l["Col_Amount"], true)],
            [new ReportRow([l["Row_WarrantyCost"].Value, f.MoneyCell(figures.WarrantyCost)]), new ReportRow([l["Row_ServiceCharged"].Value, f.MoneyCell(figures.ServiceCharged)])]));
        return report;
    }

    private string Hours(double? minutes) => minutes is { } m ? l["HoursValue", f.Fraction(m / 60)].Value : "—";
}
