using Crm.Modules.Identity.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Contracts;
using Microsoft.Extensions.Localization;
using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Reports.Features;

/// <summary>The funnel, pipeline and loss reports, from the sales and leads modules' report queries.</summary>
public sealed class SalesReportBuilder(IMediator mediator, ReportFormat f, ReportPeriods periods, IStringLocalizer<ReportsResources> l)
{
    public async Task<Report> FunnelAsync(ReportQuery query, ReportPeriod period, ReportLinks links, CancellationToken cancellationToken)
    {
        var funnel = await mediator.Send(new GetDealFunnel(query.Deals(period)), cancellationToken);
        var leads = await mediator.Send(new GetLeadFunnel(query.Leads(period)), cancellationToken);
        var report = new Report("funnel", l["Report_Funnel"], period) { Explanation = l["Funnel_Explanation"] };
        var entered = funnel.Steps.Count > 0 ? funnel.Steps[0].Reached : 0;
        var won = funnel.Steps.LastOrDefault(s => s.IsWon)?.Reached ?? 0;
        report.Kpis.Add(new Kpi(l["Kpi_Entered"], f.Count(entered), funnel.ProcessName));
        report.Kpis.Add(new Kpi(l["Kpi_Won"], f.Count(won)));
        report.Kpis.Add(new Kpi(l["Kpi_Conversion"], f.Percent(entered == 0 ? null : (decimal)won / entered)));
        report.Kpis.Add(new Kpi(l["Kpi_Lost"], f.Count(funnel.Lost)));

        var stageLinks = funnel.Steps.Select(s => links.Deals(s.StageId, funnel.ProcessId)).ToList();
        report.Charts.Add(new Chart("deal-funnel", "funnel", l["Chart_DealFunnel", funnel.ProcessName], [.. funnel.Steps.Select(s => s.Name)],
            [new ChartSeries(l["Col_Reached"], [.. funnel.Steps.Select(s => (decimal)s.Reached)])]) { Links = stageLinks });
        report.Tables.Add(new ReportTable(l["Chart_DealFunnel", funnel.ProcessName],
            [new(l["Col_Stage"]), new(l["Col_Reached"], true), new(l["Col_ConversionNext"], true), new(l["Col_DropOff"], true)],
            [.. funnel.Steps.Select((s, i) => new ReportRow([new ReportCell(s.Name, s.Name, stageLinks[i]), f.CountCell(s.Reached, stageLinks[i]), f.PercentCell(s.Conversion), f.CountCell(s.DropOff)]))]));

        string[] leadSteps = [l["Lead_Created"], l["Lead_Contacted"], l["Lead_Qualified"], l["Lead_Converted"]];
        int[] leadCounts = [leads.Created, leads.Contacted, leads.Qualified, leads.Converted];
        report.Charts.Add(new Chart("lead-funnel", "funnel", l["Chart_LeadFunnel"], leadSteps, [new ChartSeries(l["Col_Leads"], [.. leadCounts.Select(c => (decimal)c)])]));
        report.Tables.Add(new ReportTable(l["Chart_LeadFunnel"],
            [new(l["Col_Step"]), new(l["Col_Leads"], true), new(l["Col_ConversionNext"], true), new(l["Col_DropOff"], true)],
            [.. leadSteps.Select((name, i) => new ReportRow([
                name,
                f.CountCell(leadCounts[i]),
                f.PercentCell(i + 1 < leadCounts.Length && leadCounts[i] > 0 ? Math.Round((decimal)leadCounts[i + 1] / leadCounts[i], 4) : null),
                f.CountCell(i + 1 < leadCounts.Length ? leadCounts[i] - leadCounts[i + 1] : 0)])),
             new ReportRow([l["Lead_Unqualified"].Value, f.CountCell(leads.Unqualified), "", ""])]));
        return report;
    }

    public async Task<Report> PipelineAsync(ReportQuery query, ReportPeriod period, CancellationToken cancellationToken)
    {
        var pipeline = await mediator.Send(new GetPipelineReport(query.Deals(period)), cancellationToken);
        var report = new Report("pipeline", l["Report_Pipeline"], period) { Explanation = l["Pipeline_Explanation"] };
        var closed = pipeline.Closed;
        report.Kpis.Add(new Kpi(l["Kpi_OpenDeals"], f.Count(pipeline.Stages.Sum(s => s.Count))));
        report.Kpis.Add(new Kpi(l["Kpi_OpenAmount"], f.Money(pipeline.Stages.Sum(s => s.Amount)), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_Weighted"], f.Money(pipeline.Stages.Sum(s => s.Weighted)), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_WinRate"], f.Percent(closed.WinRate), l["Kpi_WonLost", f.Count(closed.Won), f.Count(closed.Lost)]));
        report.Kpis.Add(new Kpi(l["Kpi_AverageDeal"], f.Money(closed.AverageDealSize), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_Cycle"], f.Fraction(closed.AverageCycleDays), l["Days"]));

        report.Charts.Add(new Chart("pipeline-stages", "bar", l["Chart_PipelineByStage"], [.. pipeline.Stages.Select(s => s.Name)],
            [new ChartSeries(l["Col_Amount"], [.. pipeline.Stages.Select(s => f.MoneyValue(s.Amount))]), new ChartSeries(l["Col_Weighted"], [.. pipeline.Stages.Select(s => f.MoneyValue(s.Weighted))])])
            { Money = true });
        var months = ForecastMonths(pipeline.Forecast, period.Jalali);
        report.Charts.Add(new Chart("forecast", "bar", l["Chart_Forecast"], [.. months.Select(m => m.Label)],
            [new ChartSeries(l["Col_Amount"], [.. months.Select(m => f.MoneyValue(m.Amount))]), new ChartSeries(l["Col_Weighted"], [.. months.Select(m => f.MoneyValue(m.Weighted))], "line")])
            { Money = true });

        report.Tables.Add(new ReportTable(l["Chart_PipelineByStage"],
            [new(l["Col_Stage"]), new(l["Col_Deals"], true), new(l["Col_Amount"], true), new(l["Col_Weighted"], true), new(l["Col_Age7"], true), new(l["Col_Age30"], true), new(l["Col_Age90"], true), new(l["Col_AgeOlder"], true)],
            [.. pipeline.Stages.Select(s => new ReportRow([s.Name, f.CountCell(s.Count), f.MoneyCell(s.Amount), f.MoneyCell(s.Weighted), .. s.Ageing.Select(a => f.CountCell(a))])),
             new ReportRow([l["Total"].Value, f.CountCell(pipeline.Stages.Sum(s => s.Count)), f.MoneyCell(pipeline.Stages.Sum(s => s.Amount)), f.MoneyCell(pipeline.Stages.Sum(s => s.Weighted)),
                 .. Enumerable.Range(0, 4).Select(i => f.CountCell(pipeline.Stages.Sum(s => s.Ageing[i])))], Total: true)]) { Empty = l["Empty"] });
        report.Tables.Add(new ReportTable(l["Chart_Forecast"],
            [new(l["Col_Month"]), new(l["Col_Deals"], true), new(l["Col_Amount"], true), new(l["Col_Weighted"], true)],
            [.. months.Select(m => new ReportRow([m.Label, f.CountCell(m.Count), f.MoneyCell(m.Amount), f.MoneyCell(m.Weighted)]))]) { Empty = l["Empty"] });
        var names = await mediator.Send(new GetUserNames([.. pipeline.Owners.Where(o => o.OwnerId != null).Select(o => o.OwnerId!.Value)]), cancellationToken);
        report.Tables.Add(new ReportTable(l["Table_PipelineByOwner"],
            [new(l["Col_Owner"]), new(l["Col_Deals"], true), new(l["Col_Amount"], true), new(l["Col_Weighted"], true)],
            [.. pipeline.Owners.Select(o => new ReportRow([o.OwnerId is { } id ? names.GetValueOrDefault(id, "") : l["Unassigned"].Value, f.CountCell(o.Count), f.MoneyCell(o.Amount), f.MoneyCell(o.Weighted)]))])
            { Empty = l["Empty"] });
        report.Tables.Add(new ReportTable(l["Table_Velocity"],
            [new(l["Col_Stage"]), new(l["Col_Stays"], true), new(l["Col_AverageDays"], true)],
            [.. pipeline.Velocity.Select(v => new ReportRow([v.Name, f.CountCell(v.Stays), f.DecimalCell(v.AverageDays)]))]) { Empty = l["Empty"] });
        report.Tables.Add(new ReportTable(l["Table_Closed"],
            [new(l["Col_Outcome"]), new(l["Col_Deals"], true), new(l["Col_Amount"], true)],
            [new ReportRow([l["Won"].Value, f.CountCell(closed.Won), f.MoneyCell(closed.WonAmount)]), new ReportRow([l["Lost"].Value, f.CountCell(closed.Lost), f.MoneyCell(closed.LostAmount)])]));
        return report;
    }

    /// <summary>The forecast by the month deals are expected to close in (the calendar's months); deals without a date last.</summary>
    public IReadOnlyList<(string Label, int Count, decimal Amount, decimal Weighted)> ForecastMonths(IReadOnlyList<ForecastDay> days, bool jalali) =>
        [.. days.GroupBy(d => d.Date is { } date ? ReportPeriods.YearMonth(jalali, date) : (int.MaxValue, 0))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key.Item1 == int.MaxValue ? l["NoDate"].Value : periods.MonthLabel(jalali, g.Key.Item1, g.Key.Item2), g.Sum(d => d.Count), g.Sum(d => d.Amount), g.Sum(d => d.Weighted)))];

    public async Task<Report> LossesAsync(ReportQuery query, ReportPeriod period, CancellationToken cancellationToken)
    {
        var losses = await mediator.Send(new GetLossReport(query.Deals(period)), cancellationToken);
        var report = new Report("losses", l["Report_Losses"], period) { Explanation = l["Losses_Explanation"] };
        report.Kpis.Add(new Kpi(l["Kpi_Lost"], f.Count(losses.Lost)));
        report.Kpis.Add(new Kpi(l["Kpi_LostAmount"], f.Money(losses.Amount), f.UnitName));
        report.Charts.Add(new Chart("loss-reasons", "doughnut", l["Table_ByReason"], [.. losses.ByReason.Select(g => Key(g.Key))], [new ChartSeries(l["Col_Deals"], [.. losses.ByReason.Select(g => (decimal)g.Count)])]));
        report.Charts.Add(new Chart("loss-stages", "bar", l["Table_ByStage"], [.. losses.ByStage.Select(g => Key(g.Key))], [new ChartSeries(l["Col_Deals"], [.. losses.ByStage.Select(g => (decimal)g.Count)])]));
        foreach (var (title, groups) in new[] { (l["Table_ByReason"].Value, losses.ByReason), (l["Table_ByStage"].Value, losses.ByStage), (l["Table_ByCompetitor"].Value, losses.ByCompetitor) })
        {
            report.Tables.Add(new ReportTable(title, [new(l["Col_Group"]), new(l["Col_Deals"], true), new(l["Col_Share"], true), new(l["Col_Amount"], true)],
                [.. groups.Select(g => new ReportRow([Key(g.Key), f.CountCell(g.Count), f.PercentCell(losses.Lost == 0 ? null : Math.Round((decimal)g.Count / losses.Lost, 4)), f.MoneyCell(g.Amount)]))])
                { Empty = l["Empty"] });
        }

        return report;
    }

    private string Key(string key) => key.Length == 0 ? l["NotGiven"] : key;
}

/// <summary>Links from a report to the records behind a figure, keeping the report's period and filters.</summary>
public sealed class ReportLinks(Func<string, object, string?> action, ReportQuery query, ReportPeriod period, Crm.SharedKernel.Localization.IDisplayFormatter format)
{
    /// <summary>The query string values that pin this report's period and filters.</summary>
    public Dictionary<string, object?> Values(object? extra = null)
    {
        var values = new Dictionary<string, object?>
        {
            ["period"] = "custom",
            ["from"] = format.DateInput(period.From),
            ["to"] = format.DateInput(period.To),
            ["calendar"] = period.Jalali ? "jalali" : "gregorian",
            ["process"] = query.Process,
            ["owner"] = query.Owner,
            ["team"] = query.Team,
            ["source"] = query.Source,
            ["campaign"] = query.Campaign,
            ["tag"] = query.Tag,
        };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            values[property.Name] = property.GetValue(extra);
        }

        return values;
    }

    public string? Deals(Guid stageId, Guid processId) => action("Deals", new Microsoft.AspNetCore.Routing.RouteValueDictionary(Values(new { stage = stageId, process = processId })));

    public string? To(string report, object? extra = null) => action(report, new Microsoft.AspNetCore.Routing.RouteValueDictionary(Values(extra)));
}
