using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Reports.Contracts;
using Crm.Modules.Reports.Features;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Web;

/// <summary>
/// The report pages. Each takes the same period and filters from the query string and answers with the page, or with
/// <c>?export=xlsx</c> / <c>?export=pdf</c> the same report as a download.
/// </summary>
[Area(ReportsModule.ModuleName)]
[HasPermission(ReportsPermissions.View)]
[AutoValidateAntiforgeryToken]
[Crm.SharedKernel.Data.ReadsFromReplica]
public sealed class ReportsController(
    IMediator mediator,
    ICurrentUser user,
    ReportPeriods periods,
    ReportFormat format,
    SalesReportBuilder sales,
    PeopleReportBuilder people,
    CustomerReportBuilder customers,
    ServiceReportBuilder service,
    ReportExport export,
    Crm.SharedKernel.Records.RecordDirectory records,
    IStringLocalizer<ReportsResources> l) : Controller
{
    [HttpGet]
    public IActionResult Index() => View(ReportCatalog.Pages);

    [HttpGet]
    public Task<IActionResult> Funnel(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, links) => sales.FunnelAsync(query, period, links, cancellationToken), cancellationToken);

    [HttpGet]
    public Task<IActionResult> Pipeline(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, _) => sales.PipelineAsync(query, period, cancellationToken), cancellationToken);

    [HttpGet]
    public Task<IActionResult> Team(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, _) => people.TeamAsync(query, period, cancellationToken), cancellationToken);

    [HttpGet]
    public Task<IActionResult> Losses(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, _) => sales.LossesAsync(query, period, cancellationToken), cancellationToken);

    [HttpGet]
    public Task<IActionResult> Marketing(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, _) => people.MarketingAsync(query, period, cancellationToken), cancellationToken);

    [HttpGet]
    public Task<IActionResult> Customers(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, links) => customers.CustomersAsync(query, period, links, cancellationToken), cancellationToken);

    [HttpGet]
    public Task<IActionResult> Rfm(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, _) => customers.RfmAsync(period, format.Dates.Today(), cancellationToken), cancellationToken);

    [HttpGet]
    public Task<IActionResult> Service(ReportQuery query, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, (period, _) => service.ServiceAsync(period, cancellationToken), cancellationToken);

    /// <summary>The deals behind a funnel bar.</summary>
    [HttpGet]
    public Task<IActionResult> Deals(ReportQuery query, Guid stage, string? export, CancellationToken cancellationToken) =>
        ShowAsync(query, export, async (period, _) =>
        {
            var deals = await mediator.Send(new ListFunnelDeals(query.Deals(period), stage, 500), cancellationToken);
            var names = await mediator.Send(new GetUserNames([.. deals.Where(d => d.OwnerId != null).Select(d => d.OwnerId!.Value)]), cancellationToken);
            var report = new Report("deals", l["Report_Deals"], period) { Explanation = l["Deals_Explanation"] };
            report.Kpis.Add(new Kpi(l["Col_Deals"], format.Count(deals.Count)));
            report.Tables.Add(new ReportTable(l["Report_Deals"],
                [new(l["Col_Deal"]), new(l["Col_Customer"]), new(l["Col_Stage"]), new(l["Col_Owner"]), new(l["Col_Amount"], true), new(l["Col_ExpectedClose"], true)],
                [.. deals.Select(d => new ReportRow([new ReportCell(d.Name, d.Name, $"/Sales/Opportunities/Details/{d.Id}"), d.CustomerName, d.StageName,
                    d.OwnerId is { } o ? names.GetValueOrDefault(o, "") : "", format.MoneyCell(d.Amount), format.DateCell(d.ExpectedClose)]))]) { Empty = l["Empty"] });
            return report;
        }, cancellationToken);

    /// <summary>Puts a public tag on every customer of an RFM segment, so the segment can be found, filtered and messaged.</summary>
    [HttpPost]
    [HasPermission(TagsPermissions.Use)]
    public async Task<IActionResult> TagSegment(string segment, string? tag, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim();
        if (!Features.Rfm.Segments.Contains(segment) || name is null || name.Length > 40)
        {
            TempData["Error"] = l["Error_TagName"].Value;
            (TempData["Segment"], TempData["SegmentTag"]) = (segment, tag);
            return RedirectToAction(nameof(Rfm));
        }

        var today = format.Dates.Today();
        var revenue = await mediator.Send(new Crm.Modules.Invoicing.Contracts.GetRevenue(today.AddDays(1 - CustomerReportBuilder.RfmDays), today), cancellationToken);
        var members = Features.Rfm.Score(revenue.ByCustomer, today).Where(c => c.Segment == segment).Select(c => c.Customer.Customer).ToList();
        // Tagging is for records the user may see (and that still exist): the invoices' visibility is not the customers'.
        var visible = await records.FindVisibleAsync(members, cancellationToken);
        foreach (var customer in members.Where(visible.ContainsKey))
        {
            await mediator.Send(new TagRecord(customer, [name]), cancellationToken);
        }

        TempData["Message"] = l["Segment_Tagged", format.Count(visible.Count), name].Value;
        return RedirectToAction(nameof(Rfm));
    }

    private async Task<IActionResult> ShowAsync(ReportQuery query, string? exportAs, Func<ReportPeriod, ReportLinks, Task<Report>> build, CancellationToken cancellationToken)
    {
        var period = periods.Resolve(query);
        var links = new ReportLinks((action, values) => Url.Action(action, values), query, period, format.Dates);
        var report = await build(period, links);
        if (exportAs is "xlsx" or "pdf")
        {
            if (!user.HasPermission(ReportsPermissions.Export))
            {
                return Forbid();
            }

            var name = $"{report.Key}-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}";
            if (exportAs == "xlsx")
            {
                return File(await export.XlsxAsync(report, cancellationToken), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
            }

            try
            {
                return File(await export.PdfAsync(report, cancellationToken), "application/pdf", name + ".pdf");
            }
            catch (PdfUnavailableException e)
            {
                TempData["Error"] = l["Error_Pdf", e.Message].Value;
                return Redirect(Url.Action(report.Key == "deals" ? "Deals" : ControllerContext.ActionDescriptor.ActionName, links.Values()) ?? "/");
            }
        }

        return View("Report", new ReportPage(report, query, links, await FiltersAsync(cancellationToken), export.PeriodText(period)));
    }

    private async Task<ReportFilters> FiltersAsync(CancellationToken cancellationToken) =>
        new(await mediator.Send(new ListSalesProcesses(), cancellationToken),
            await mediator.Send(new ListAssignableOwners(), cancellationToken),
            (await mediator.Send(new ListTeams(), cancellationToken)).Where(t => RecordVisibility.SeesAll(user) || t.Id == user.TeamId).ToList(),
            await mediator.Send(new ListVisibleTags(), cancellationToken),
            Enum.GetValues<CustomerSource>(),
            user.HasPermission(ReportsPermissions.Export));
}

/// <summary>What the filter bar offers.</summary>
public sealed record ReportFilters(
    IReadOnlyList<ProcessSummary> Processes,
    IReadOnlyList<UserSummary> Owners,
    IReadOnlyList<TeamSummary> Teams,
    IReadOnlyList<TagChip> Tags,
    IReadOnlyList<CustomerSource> Sources,
    bool CanExport);

public sealed record ReportPage(Report Report, ReportQuery Query, ReportLinks Links, ReportFilters Filters, string PeriodText);
