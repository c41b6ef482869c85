using Crm.Modules.Activities.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Reports.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Features;

/// <summary>
/// The home page's cards for each role, built from the same report queries as the report pages: a rep's tasks, pipeline
/// and target; a manager's team funnel, pipeline, forecast and lagging reps; an administrator's users, jobs and outbox.
/// </summary>
public sealed class Dashboards(
    IMediator mediator,
    ICurrentUser user,
    IClock clock,
    ReportFormat f,
    ReportPeriods periods,
    SalesReportBuilder sales,
    PeopleReportBuilder people,
    IJobMonitor jobs,
    IStringLocalizer<ReportsResources> l)
{
    public sealed record Dashboard(IReadOnlyList<Kpi> Kpis, IReadOnlyList<Chart> Charts, IReadOnlyList<ReportTable> Tables, IReadOnlyList<(string Title, string Url)> Links);

    /// <summary>
    /// Which dashboard the current user gets, from the permissions that choose its cards (and whether it covers everyone's
    /// deals): a kept dashboard is only reused for the same user with the same permissions.
    /// </summary>
    public string Audience =>
        string.Concat(new[] { PlatformPermissions.ViewAllRecords, ReportsPermissions.View, SalesPermissions.View, IdentityPermissions.ManageUsers }
            .Select(p => user.HasPermission(p) ? '1' : '0'));

    public async Task<Dashboard?> BuildAsync(Func<string, object?, string?> link, CancellationToken cancellationToken)
    {
        var kpis = new List<Kpi>();
        var charts = new List<Chart>();
        var tables = new List<ReportTable>();
        var query = new ReportQuery();
        var period = periods.Resolve(query);
        var manager = user.HasPermission(PlatformPermissions.ViewAllRecords);
        if (user.HasPermission(ReportsPermissions.View) && user.HasPermission(SalesPermissions.View))
        {
            if (!manager)
            {
                await RepAsync(query, period, kpis, charts, cancellationToken);
            }
            else
            {
                await ManagerAsync(query, period, kpis, charts, tables, link, cancellationToken);
            }
        }

        if (user.HasPermission(IdentityPermissions.ManageUsers))
        {
            await AdministratorAsync(kpis, cancellationToken);
        }

        if (kpis.Count == 0)
        {
            return null;
        }

        var links = new List<(string, string)>();
        if (user.HasPermission(ReportsPermissions.View))
        {
            links.AddRange(ReportCatalog.Pages.Select(p => (l["Report_" + p].Value, link(p, null) ?? "")));
        }

        return new Dashboard(kpis, charts, tables, links);
    }

    private async Task RepAsync(ReportQuery query, ReportPeriod period, List<Kpi> kpis, List<Chart> charts, CancellationToken cancellationToken)
    {
        var tasks = await mediator.Send(new GetMyTaskCounts(), cancellationToken);
        kpis.Add(new Kpi(l["Dash_TasksToday"], f.Count(tasks.Today), l["Dash_Overdue", f.Count(tasks.Overdue)]));
        query.Owner = user.UserId;
        var pipeline = await mediator.Send(new GetPipelineReport(query.Deals(period)), cancellationToken);
        kpis.Add(new Kpi(l["Dash_MyPipeline"], f.Money(pipeline.Stages.Sum(s => s.Amount)), l["Dash_Deals", f.Count(pipeline.Stages.Sum(s => s.Count)), f.UnitName]));
        var mine = (await mediator.Send(new GetRepSales(query.Deals(period)), cancellationToken)).FirstOrDefault(r => r.OwnerId == user.UserId);
        kpis.Add(new Kpi(l["Dash_MyTarget"], f.Percent(mine?.Attainment is { } a ? Math.Round(a, 3) : null),
            l["Dash_WonOfTarget", f.Money(mine?.WonAmount ?? 0), f.Money(mine?.TargetAmount ?? 0), f.UnitName]));
        charts.Add(new Chart("my-pipeline", "bar", l["Dash_MyPipeline"], [.. pipeline.Stages.Select(s => s.Name)],
            [new ChartSeries(l["Col_Amount"], [.. pipeline.Stages.Select(s => f.MoneyValue(s.Amount))]), new ChartSeries(l["Col_Weighted"], [.. pipeline.Stages.Select(s => f.MoneyValue(s.Weighted))])])
            { Money = true });
    }

    private async Task ManagerAsync(ReportQuery query, ReportPeriod period, List<Kpi> kpis, List<Chart> charts, List<ReportTable> tables, Func<string, object?, string?> link, CancellationToken cancellationToken)
    {
        var funnel = await sales.FunnelAsync(query, period, new ReportLinks((action, values) => link(action, values), query, period, f.Dates), cancellationToken);
        var pipeline = await mediator.Send(new GetPipelineReport(query.Deals(period)), cancellationToken);
        kpis.Add(new Kpi(l["Kpi_OpenAmount"], f.Money(pipeline.Stages.Sum(s => s.Amount)), l["Dash_Deals", f.Count(pipeline.Stages.Sum(s => s.Count)), f.UnitName]));
        kpis.Add(new Kpi(l["Kpi_Weighted"], f.Money(pipeline.Stages.Sum(s => s.Weighted)), f.UnitName));
        kpis.Add(new Kpi(l["Kpi_WinRate"], f.Percent(pipeline.Closed.WinRate), l["Kpi_WonLost", f.Count(pipeline.Closed.Won), f.Count(pipeline.Closed.Lost)]));
        charts.Add(funnel.Charts[0]);
        var months = sales.ForecastMonths(pipeline.Forecast, period.Jalali).Take(6).ToList();
        charts.Add(new Chart("forecast", "bar", l["Chart_Forecast"], [.. months.Select(m => m.Label)],
            [new ChartSeries(l["Col_Amount"], [.. months.Select(m => f.MoneyValue(m.Amount))]), new ChartSeries(l["Col_Weighted"], [.. months.Select(m => f.MoneyValue(m.Weighted))], "line")])
            { Money = true });

        // Lagging: reps with a target whose attainment trails the share of the month gone by.
        var elapsed = Math.Clamp((decimal)(clock.UtcNow - period.FromUtc).TotalDays / (decimal)(period.ToUtc - period.FromUtc).TotalDays, 0, 1);
        var reps = await people.PeopleAsync(query, cancellationToken);
        var figures = await mediator.Send(new GetRepSales(query.Deals(period)), cancellationToken);
        var lagging = figures.Where(r => r.TargetAmount > 0 && r.Attainment < elapsed).OrderBy(r => r.Attainment).Take(10).ToList();
        tables.Add(new ReportTable(l["Dash_Lagging", f.Percent(Math.Round(elapsed, 3))],
            [new(l["Col_Rep"]), new(l["Col_WonAmount"], true), new(l["Col_Target"], true), new(l["Col_Attainment"], true)],
            [.. lagging.Select(r => new ReportRow([reps.FirstOrDefault(p => p.Id == r.OwnerId)?.DisplayName ?? "", f.MoneyCell(r.WonAmount), f.MoneyCell(r.TargetAmount), f.PercentCell(Math.Round(r.Attainment!.Value, 3))]))])
            { Empty = l["Dash_NoneLagging"] });
    }

    private async Task AdministratorAsync(List<Kpi> kpis, CancellationToken cancellationToken)
    {
        var since = clock.UtcNow.AddDays(-1);
        var users = await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken);
        kpis.Add(new Kpi(l["Dash_Users"], f.Count(users.Count(u => u.IsActive)), l["Dash_UsersDisabled", f.Count(users.Count(u => !u.IsActive))]));
        var health = await jobs.HealthAsync(since, cancellationToken);
        kpis.Add(new Kpi(l["Dash_Jobs"], l["Dash_JobsFailed", f.Count(health.Failed), f.Count(health.Runs)], health.LastFailedJob is { } job ? l["Dash_LastFailed", job] : l["Dash_AllGood"]));
        var outbox = await mediator.Send(new GetOutboxHealth(since), cancellationToken);
        kpis.Add(new Kpi(l["Dash_Outbox"], l["Dash_OutboxWaiting", f.Count(outbox.Waiting)],
            l["Dash_OutboxDay", f.Count(outbox.SentSince), f.Count(outbox.FailedSince)] + (outbox.OldestWaitingSince is { } oldest ? f.Dates.Separator + l["Dash_Oldest", f.Dates.DateTime(oldest)] : "")));
    }
}

/// <summary>The report pages, in menu order; each is an action of the reports controller and a <c>Report_</c> resource.</summary>
public static class ReportCatalog
{
    public static readonly string[] Pages = ["Funnel", "Pipeline", "Team", "Losses", "Marketing", "Customers", "Rfm", "Service"];
}
