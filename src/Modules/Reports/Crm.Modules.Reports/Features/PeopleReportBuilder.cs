using Crm.Modules.Activities.Contracts;
using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Messaging;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Features;

/// <summary>Team performance and marketing: figures of several modules side by side, per person or per source.</summary>
public sealed class PeopleReportBuilder(IMediator mediator, ReportFormat f, IStringLocalizer<ReportsResources> l)
{
    private static readonly ActivityKind[] Kinds =
        [ActivityKind.Call, ActivityKind.Meeting, ActivityKind.Task, ActivityKind.Note, ActivityKind.EmailSent, ActivityKind.SmsSent];

    /// <summary>One rep's figures over the period.</summary>
    public sealed record RepFigures(UserSummary Rep, IReadOnlyDictionary<ActivityKind, int> Activities, LeadGroup? Leads, RepSales? Sales, OwnerRevenue? Revenue);

    /// <summary>
    /// The people who sell (may edit deals) that the user may see (themselves and their team, or everyone), narrowed by
    /// the query's team and owner.
    /// </summary>
    public async Task<IReadOnlyList<UserSummary>> PeopleAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var visible = await mediator.Send(new ListAssignableOwners(), cancellationToken);
        var sellers = (await mediator.Send(new ListUsersWithPermission(SalesPermissions.Edit), cancellationToken)).Select(u => u.Id).ToHashSet();
        return [.. visible.Where(p => sellers.Contains(p.Id) && (query.Team is null || p.TeamId == query.Team) && (query.Owner is null || p.Id == query.Owner))];
    }

    public async Task<IReadOnlyList<RepFigures>> FiguresAsync(ReportQuery query, ReportPeriod period, CancellationToken cancellationToken)
    {
        var people = await PeopleAsync(query, cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var activities = await mediator.Send(new CountActivities(period.FromUtc, period.ToUtc, ids), cancellationToken);
        var leads = await mediator.Send(new GetLeadGroups(query.Leads(period), LeadGrouping.Owner), cancellationToken);
        var sales = await mediator.Send(new GetRepSales(query.Deals(period)), cancellationToken);
        var revenue = await mediator.Send(new GetOwnerRevenue(period.From, period.To), cancellationToken);
        return [.. people.Select(p => new RepFigures(
            p,
            activities.Where(a => a.PersonId == p.Id).ToDictionary(a => a.Kind, a => a.Count),
            leads.FirstOrDefault(g => g.Key == p.Id.ToString()),
            sales.FirstOrDefault(s => s.OwnerId == p.Id),
            revenue.FirstOrDefault(r => r.OwnerId == p.Id)))];
    }

    public async Task<Report> TeamAsync(ReportQuery query, ReportPeriod period, CancellationToken cancellationToken)
    {
        var reps = await FiguresAsync(query, period, cancellationToken);
        var report = new Report("team", l["Report_Team"], period) { Explanation = l["Team_Explanation"] };
        report.Kpis.Add(new Kpi(l["Kpi_Won"], f.Count(reps.Sum(r => r.Sales?.Won ?? 0))));
        report.Kpis.Add(new Kpi(l["Kpi_WonAmount"], f.Money(reps.Sum(r => r.Sales?.WonAmount ?? 0)), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_Invoiced"], f.Money(reps.Sum(r => r.Revenue?.Invoiced ?? 0)), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_Paid"], f.Money(reps.Sum(r => r.Revenue?.Paid ?? 0)), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_Commission"], f.Money(reps.Sum(r => r.Revenue?.Commission ?? 0)), f.UnitName));

        var ordered = reps.OrderByDescending(r => r.Sales?.WonAmount ?? 0).ThenBy(r => r.Rep.DisplayName, StringComparer.CurrentCulture).ToList();
        report.Charts.Add(new Chart("team-won", "bar", l["Chart_WonByRep"], [.. ordered.Select(r => r.Rep.DisplayName)],
            [new ChartSeries(l["Col_WonAmount"], [.. ordered.Select(r => f.MoneyValue(r.Sales?.WonAmount ?? 0))]),
             new ChartSeries(l["Col_Target"], [.. ordered.Select(r => f.MoneyValue(r.Sales?.TargetAmount ?? 0))])]) { Money = true });
        report.Tables.Add(new ReportTable(l["Table_Sales"],
            [new(l["Col_Rep"]), new(l["Col_Leads"], true), new(l["Col_LeadsConverted"], true), new(l["Col_LeadConversion"], true), new(l["Col_ResponseHours"], true),
             new(l["Col_DealsCreated"], true), new(l["Won"], true), new(l["Lost"], true), new(l["Col_WinRate"], true), new(l["Col_WonAmount"], true),
             new(l["Col_Target"], true), new(l["Col_Attainment"], true), new(l["Col_Invoiced"], true), new(l["Col_Paid"], true), new(l["Col_Commission"], true)],
            [.. ordered.Select(r => new ReportRow([
                r.Rep.DisplayName,
                f.CountCell(r.Leads?.Created ?? 0), f.CountCell(r.Leads?.Converted ?? 0),
                f.PercentCell(r.Leads is { Created: > 0 } g ? Math.Round((decimal)g.Converted / g.Created, 4) : null),
                f.DecimalCell(r.Leads?.AverageResponseHours),
                f.CountCell(r.Sales?.Created ?? 0), f.CountCell(r.Sales?.Won ?? 0), f.CountCell(r.Sales?.Lost ?? 0),
                f.PercentCell(r.Sales?.WinRate is { } w ? Math.Round(w, 4) : null), f.MoneyCell(r.Sales?.WonAmount ?? 0),
                f.MoneyCell(r.Sales?.TargetAmount ?? 0), f.PercentCell(r.Sales?.Attainment is { } a ? Math.Round(a, 4) : null),
                f.MoneyCell(r.Revenue?.Invoiced ?? 0), f.MoneyCell(r.Revenue?.Paid ?? 0), f.MoneyCell(r.Revenue?.Commission ?? 0)]))]) { Empty = l["Empty"] });
        report.Tables.Add(new ReportTable(l["Table_Activities"],
            [new(l["Col_Rep"]), .. Kinds.Select(k => new ReportColumn(l["Kind_" + k], true)), new(l["Total"], true)],
            [.. ordered.Select(r => new ReportRow([r.Rep.DisplayName, .. Kinds.Select(k => f.CountCell(r.Activities.GetValueOrDefault(k))), f.CountCell(r.Activities.Values.Sum())]))])
            { Empty = l["Empty"] });

        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        var byTeam = reps.Where(r => r.Rep.TeamId != null).GroupBy(r => r.Rep.TeamId!.Value).ToList();
        if (byTeam.Count > 0)
        {
            report.Tables.Add(new ReportTable(l["Table_Teams"],
                [new(l["Col_Team"]), new(l["Won"], true), new(l["Lost"], true), new(l["Col_WinRate"], true), new(l["Col_WonAmount"], true), new(l["Col_Invoiced"], true), new(l["Col_Paid"], true)],
                [.. byTeam.Select(g =>
                {
                    var (won, lost) = (g.Sum(r => r.Sales?.Won ?? 0), g.Sum(r => r.Sales?.Lost ?? 0));
                    return new ReportRow([teams.FirstOrDefault(t => t.Id == g.Key)?.Name ?? "", f.CountCell(won), f.CountCell(lost),
                        f.PercentCell(won + lost == 0 ? null : Math.Round((decimal)won / (won + lost), 4)),
                        f.MoneyCell(g.Sum(r => r.Sales?.WonAmount ?? 0)), f.MoneyCell(g.Sum(r => r.Revenue?.Invoiced ?? 0)), f.MoneyCell(g.Sum(r => r.Revenue?.Paid ?? 0))]);
                })]));
        }

        return report;
    }

    public async Task<Report> MarketingAsync(ReportQuery query, ReportPeriod period, CancellationToken cancellationToken)
    {
        var leads = await mediator.Send(new GetLeadGroups(query.Leads(period), LeadGrouping.Source), cancellationToken);
        var deals = await mediator.Send(new GetDealSources(query.Deals(period)), cancellationToken);
        var report = new Report("marketing", l["Report_Marketing"], period) { Explanation = l["Marketing_Explanation"] };
        var reached = leads.Where(g => g.AverageResponseHours is not null).ToList();
        report.Kpis.Add(new Kpi(l["Kpi_Leads"], f.Count(leads.Sum(g => g.Created))));
        report.Kpis.Add(new Kpi(l["Kpi_LeadsConverted"], f.Count(leads.Sum(g => g.Converted))));
        report.Kpis.Add(new Kpi(l["Kpi_Response"],
            f.Fraction(reached.Sum(g => g.Reached) == 0 ? null : reached.Sum(g => g.AverageResponseHours!.Value * g.Reached) / reached.Sum(g => g.Reached)), l["Hours"]));
        report.Kpis.Add(new Kpi(l["Kpi_WonAmount"], f.Money(deals.BySource.Sum(s => s.WonAmount)), f.UnitName));

        var sources = leads.Select(g => g.Key).Union(deals.BySource.Select(s => s.Key)).ToList();
        report.Charts.Add(new Chart("leads-by-source", "bar", l["Chart_LeadsBySource"], [.. sources.Select(Source)],
            [new ChartSeries(l["Col_Leads"], [.. sources.Select(s => (decimal)(leads.FirstOrDefault(g => g.Key == s)?.Created ?? 0))]),
             new ChartSeries(l["Col_LeadsConverted"], [.. sources.Select(s => (decimal)(leads.FirstOrDefault(g => g.Key == s)?.Converted ?? 0))])]));
        report.Tables.Add(new ReportTable(l["Table_BySource"],
            [new(l["Col_Source"]), new(l["Col_Leads"], true), new(l["Col_LeadsConverted"], true), new(l["Col_LeadConversion"], true), new(l["Col_ResponseHours"], true),
             new(l["Col_DealsCreated"], true), new(l["Won"], true), new(l["Col_WonAmount"], true)],
            [.. sources.Select(s =>
            {
                var lead = leads.FirstOrDefault(g => g.Key == s);
                var deal = deals.BySource.FirstOrDefault(d => d.Key == s);
                return new ReportRow([Source(s), f.CountCell(lead?.Created ?? 0), f.CountCell(lead?.Converted ?? 0),
                    f.PercentCell(lead is { Created: > 0 } ? Math.Round((decimal)lead.Converted / lead.Created, 4) : null), f.DecimalCell(lead?.AverageResponseHours),
                    f.CountCell(deal?.Created ?? 0), f.CountCell(deal?.Won ?? 0), f.MoneyCell(deal?.WonAmount ?? 0)]);
            })]) { Empty = l["Empty"] });
        await AddCampaignsAsync(report, period, cancellationToken);
        return report;
    }

    /// <summary>
    /// The campaigns of plans running in the period, as the campaigns module counts them: messages, leads, deals, what
    /// their invoices brought in against what they cost.
    /// </summary>
    private async Task AddCampaignsAsync(Report report, ReportPeriod period, CancellationToken cancellationToken)
    {
        var campaigns = await mediator.Send(new GetCampaignFigures(period.From, period.To), cancellationToken);
        var total = campaigns.Aggregate(CampaignOutcome.None, (sum, c) => sum.Plus(c.Outcome));
        report.Kpis.Add(new Kpi(l["Kpi_CampaignCost"], f.Money(total.Cost), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_CampaignReturn"], f.Percent(total.ReturnPercent / 100), l["Kpi_CampaignPaid", f.Money(total.Paid), f.UnitName]));
        if (campaigns.Count > 0)
        {
            var names = campaigns.Select(c => c.Name).ToList();
            report.Charts.Add(new Chart("campaign-money", "bar", l["Chart_CampaignMoney"], names,
            [
                new ChartSeries(l["Col_Cost"], [.. campaigns.Select(c => f.MoneyValue(c.Outcome.Cost))]),
                new ChartSeries(l["Col_WonAmount"], [.. campaigns.Select(c => f.MoneyValue(c.Outcome.WonAmount))]),
                new ChartSeries(l["Col_Paid"], [.. campaigns.Select(c => f.MoneyValue(c.Outcome.Paid))]),
            ]) { Money = true });
            report.Charts.Add(new Chart("campaign-messages", "bar", l["Chart_CampaignMessages"], names,
            [
                new ChartSeries(l["Col_Reached"], [.. campaigns.Select(c => (decimal)c.Outcome.Tally.Reached)]),
                new ChartSeries(l["Col_Delivered"], [.. campaigns.Select(c => (decimal)c.Outcome.Tally.Delivered)]),
                new ChartSeries(l["Col_Opened"], [.. campaigns.Select(c => (decimal)c.Outcome.Tally.Opened)]),
                new ChartSeries(l["Col_Clicked"], [.. campaigns.Select(c => (decimal)c.Outcome.Tally.Clicked)]),
            ]));
        }

        ReportRow Row(ReportCell name, string plan, CampaignOutcome o, bool isTotal = false) => new(
        [
            name, plan, f.CountCell(o.Tally.Reached), f.CountCell(o.Tally.Delivered), f.CountCell(o.Tally.Opened), f.CountCell(o.Tally.Clicked),
            f.CountCell(o.Tally.Unsubscribed), f.CountCell(o.Tally.Bounced), f.CountCell(o.Leads), f.CountCell(o.Deals), f.CountCell(o.Won),
            f.MoneyCell(o.WonAmount), f.MoneyCell(o.Paid), f.MoneyCell(o.Cost), o.CostPerLead is { } perLead ? f.MoneyCell(perLead) : new ReportCell("—"),
            f.PercentCell(o.ReturnPercent / 100),
        ], isTotal);
        var rows = campaigns.Select(c => Row(new ReportCell(c.Name, c.Name, $"/Campaigns/Plans/Audience/{c.Id}"), c.PlanName, c.Outcome)).ToList();
        if (campaigns.Count > 1)
        {
            rows.Add(Row(l["Total"].Value, "", total, isTotal: true));
        }

        report.Tables.Add(new ReportTable(l["Table_ByCampaign"],
            [new(l["Col_Campaign"]), new(l["Col_Plan"]), new(l["Col_Reached"], true), new(l["Col_Delivered"], true), new(l["Col_Opened"], true), new(l["Col_Clicked"], true),
             new(l["Col_Unsubscribed"], true), new(l["Col_Bounced"], true), new(l["Col_Leads"], true), new(l["Col_DealsCreated"], true), new(l["Won"], true),
             new(l["Col_WonAmount"], true), new(l["Col_Paid"], true), new(l["Col_Cost"], true), new(l["Col_CostPerLead"], true), new(l["Col_Return"], true)],
            rows) { Empty = l["Empty"] });
    }

    private string Source(string key) => Enum.TryParse<CustomerSource>(key, out var source) ? l["Source_" + source] : key;
}
