using Crm.Modules.Invoicing.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Features;

/// <summary>
/// Customers and purchases: revenue by customer, product and month; the customers who make 80% of it; an RFM grouping
/// over the last year; who bought a product, and what a customer bought.
/// </summary>
public sealed class CustomerReportBuilder(IMediator mediator, ReportFormat f, ReportPeriods periods, IStringLocalizer<ReportsResources> l)
{
    /// <summary>How far back the RFM grouping looks.</summary>
    public const int RfmDays = 365;

    public async Task<Report> CustomersAsync(ReportQuery query, ReportPeriod period, ReportLinks links, CancellationToken cancellationToken)
    {
        var revenue = await mediator.Send(new GetRevenue(period.From, period.To), cancellationToken);
        var report = new Report("customers", l["Report_Customers"], period) { Explanation = l["Customers_Explanation"] };
        var total = revenue.ByCustomer.Sum(c => c.Net);
        var pareto = Pareto.Top(revenue.ByCustomer);
        report.Kpis.Add(new Kpi(l["Kpi_Revenue"], f.Money(total), f.UnitName));
        report.Kpis.Add(new Kpi(l["Kpi_Customers"], f.Count(revenue.ByCustomer.Count)));
        report.Kpis.Add(new Kpi(l["Kpi_Pareto"], f.Count(pareto.Count),
            l["Kpi_ParetoNote", f.Percent(revenue.ByCustomer.Count == 0 ? null : Math.Round((decimal)pareto.Count / revenue.ByCustomer.Count, 3))]));

        var months = revenue.ByDay.GroupBy(d => ReportPeriods.YearMonth(period.Jalali, d.Date)).OrderBy(g => g.Key).ToList();
        report.Charts.Add(new Chart("revenue-months", "bar", l["Chart_RevenueByMonth"], [.. months.Select(m => periods.MonthLabel(period.Jalali, m.Key.Item1, m.Key.Item2))],
            [new ChartSeries(l["Col_Revenue"], [.. months.Select(m => f.MoneyValue(m.Sum(d => d.Net)))])]) { Money = true });
        var running = 0m;
        var top = revenue.ByCustomer.Where(c => c.Net > 0).Take(20).ToList();
        report.Charts.Add(new Chart("pareto", "bar", l["Chart_Pareto"], [.. top.Select(c => c.Name)],
            [new ChartSeries(l["Col_Revenue"], [.. top.Select(c => f.MoneyValue(c.Net))]),
             new ChartSeries(l["Col_Cumulative"], [.. top.Select(c => total <= 0 ? 0 : Math.Round((running += c.Net) * 100m / total, 1))], "line", "y2")]) { Money = true });

        running = 0;
        report.Tables.Add(new ReportTable(l["Table_ByCustomer"],
            [new(l["Col_Customer"]), new(l["Col_Invoices"], true), new(l["Col_Revenue"], true), new(l["Col_Share"], true), new(l["Col_Cumulative"], true), new(l["Col_LastPurchase"], true)],
            [.. revenue.ByCustomer.Take(200).Select(c => new ReportRow([
                new ReportCell(c.Name, c.Name, links.To("Customers", new { customer = $"{c.Customer.Type}:{c.Customer.Id}" })),
                f.CountCell(c.Invoices), f.MoneyCell(c.Net),
                f.PercentCell(total <= 0 ? null : Math.Round((decimal)c.Net / total, 4)),
                f.PercentCell(total <= 0 ? null : Math.Round((decimal)(running += c.Net) / total, 4)),
                f.DateCell(c.LastPurchase)]))]) { Empty = l["Empty"] });
        report.Tables.Add(new ReportTable(l["Table_ByProduct"],
            [new(l["Col_Product"]), new(l["Col_Quantity"], true), new(l["Col_Revenue"], true)],
            [.. revenue.ByProduct.Take(200).Select(p => new ReportRow([
                new ReportCell(p.ProductId is null ? l["FreeText"] : p.Description, p.Description, p.ProductId is { } id ? links.To("Customers", new { product = id }) : null),
                new ReportCell(f.Fraction((double)p.Quantity), p.Quantity), f.MoneyCell(p.Net)]))]) { Empty = l["Empty"] });

        report.Tables.Add(new ReportTable(l["Chart_RevenueByMonth"], [new(l["Col_Month"]), new(l["Col_Revenue"], true)],
            [.. months.Select(m => new ReportRow([periods.MonthLabel(period.Jalali, m.Key.Item1, m.Key.Item2), f.MoneyCell(m.Sum(d => d.Net))]))]) { Empty = l["Empty"] });

        if (query.Product is { } product)
        {
            var buyers = await mediator.Send(new GetProductBuyers(product, period.From, period.To, 500), cancellationToken);
            report.Tables.Insert(0, Purchases(l["Table_Buyers", (buyers.Count > 0 ? buyers[0].Description : "") ], buyers, showCustomer: true, showProduct: false));
        }

        if (RecordRef.TryParse(query.Customer, out var customer))
        {
            var bought = await mediator.Send(new GetCustomerPurchases(customer, period.From, period.To), cancellationToken);
            report.Tables.Insert(0, Purchases(l["Table_Bought", (bought.Count > 0 ? bought[0].CustomerName : "") ], bought, showCustomer: false, showProduct: true));
        }

        return report;
    }

    private ReportTable Purchases(string title, IReadOnlyList<PurchaseLine> lines, bool showCustomer, bool showProduct) =>
        new(title,
            [new(l["Col_Date"]), new(l["Col_Invoice"]), .. showCustomer ? [new ReportColumn(l["Col_Customer"])] : Array.Empty<ReportColumn>(),
             .. showProduct ? [new ReportColumn(l["Col_Product"])] : Array.Empty<ReportColumn>(), new(l["Col_Quantity"], true), new(l["Col_Revenue"], true)],
            [.. lines.Select(p => new ReportRow([
                f.DateCell(p.IssueDate), new ReportCell(p.InvoiceNumber, p.InvoiceNumber, $"/Invoicing/Invoices/Details/{p.InvoiceId}"),
                .. showCustomer ? [new ReportCell(p.CustomerName)] : Array.Empty<ReportCell>(),
                .. showProduct ? [new ReportCell(p.Description)] : Array.Empty<ReportCell>(),
                new ReportCell(f.Fraction((double)(p.IsReturn ? -p.Quantity : p.Quantity)), p.IsReturn ? -p.Quantity : p.Quantity),
                f.MoneyCell(p.IsReturn ? -p.NetAmount : p.NetAmount)]))]) { Empty = l["Empty"] };

    /// <summary>The RFM grouping of the customers who bought in the last year, one table per segment, each with its "tag them" form.</summary>
    public async Task<Report> RfmAsync(ReportPeriod period, DateOnly today, CancellationToken cancellationToken)
    {
        var revenue = await mediator.Send(new GetRevenue(today.AddDays(1 - RfmDays), today), cancellationToken);
        var scored = Rfm.Score(revenue.ByCustomer, today);
        var report = new Report("rfm", l["Report_Rfm"], period) { Explanation = l["Rfm_Explanation"] };
        var segments = Rfm.Segments.Select(s => (Segment: s, Customers: scored.Where(c => c.Segment == s).ToList())).ToList();
        report.Kpis.Add(new Kpi(l["Kpi_Customers"], f.Count(scored.Count)));
        report.Charts.Add(new Chart("rfm", "doughnut", l["Report_Rfm"], [.. segments.Select(s => l["Segment_" + s.Segment].Value)],
            [new ChartSeries(l["Kpi_Customers"], [.. segments.Select(s => (decimal)s.Customers.Count)])]));
        foreach (var (segment, customers) in segments.Where(s => s.Customers.Count > 0))
        {
            report.Tables.Add(new ReportTable(l["Segment_" + segment] + " — " + l["Segment_" + segment + "_Hint"],
                [new(l["Col_Customer"]), new(l["Col_RecencyDays"], true), new(l["Col_Invoices"], true), new(l["Col_Revenue"], true), new(l["Col_Rfm"], true)],
                [.. customers.Select(c => new ReportRow([c.Customer.Name, f.CountCell(c.RecencyDays), f.CountCell(c.Customer.Invoices), f.MoneyCell(c.Customer.Net),
                    new ReportCell(f.IsPersian ? Crm.SharedKernel.Localization.Digits.ToPersian($"{c.R}{c.F}{c.M}") : $"{c.R}{c.F}{c.M}", $"{c.R}{c.F}{c.M}")]))])
                { Action = "rfm:" + segment });
        }

        return report;
    }
}

/// <summary>The customers who together make 80% of the revenue, biggest first.</summary>
public static class Pareto
{
    public static IReadOnlyList<CustomerRevenue> Top(IReadOnlyList<CustomerRevenue> customers, decimal share = 0.8m)
    {
        var positive = customers.Where(c => c.Net > 0).OrderByDescending(c => c.Net).ToList();
        var total = positive.Sum(c => c.Net);
        var top = new List<CustomerRevenue>();
        var running = 0m;
        foreach (var customer in positive)
        {
            if (total == 0 || running >= total * share)
            {
                break;
            }

            top.Add(customer);
            running += customer.Net;
        }

        return top;
    }
}

/// <summary>
/// Recency, frequency and monetary scores from 1 to 5 by quintile among the customers (equal values share a score), and
/// the segment their recency and frequency put them in.
/// </summary>
public static class Rfm
{
    public static readonly string[] Segments = ["Champions", "Loyal", "Promising", "NeedAttention", "AtRisk", "Hibernating"];

    public sealed record Scored(CustomerRevenue Customer, int RecencyDays, int R, int F, int M, string Segment);

    public static IReadOnlyList<Scored> Score(IReadOnlyList<CustomerRevenue> customers, DateOnly today)
    {
        var buyers = customers.Where(c => c.Net > 0 && c.Invoices > 0).ToList();
        var recency = Quintiles(buyers, c => -(today.DayNumber - c.LastPurchase.DayNumber));
        var frequency = Quintiles(buyers, c => c.Invoices);
        var monetary = Quintiles(buyers, c => c.Net);
        return [.. buyers.Select((c, i) => new Scored(c, today.DayNumber - c.LastPurchase.DayNumber, recency[i], frequency[i], monetary[i], Segment(recency[i], frequency[i])))
            .OrderBy(s => Array.IndexOf(Segments, s.Segment)).ThenByDescending(s => s.Customer.Net)];
    }

    public static string Segment(int r, int f) => (r, f) switch
    {
        ( >= 4, >= 4) => "Champions",
        ( >= 3, >= 3) => "Loyal",
        ( >= 4, _) => "Promising",
        ( <= 2, >= 3) => "AtRisk",
        ( <= 2, _) => "Hibernating",
        _ => "NeedAttention",
    };

    /// <summary>Each item's score: 1 + its rank (the first of its equals, lowest value first) × 5 ÷ the count.</summary>
    private static int[] Quintiles<T>(IReadOnlyList<T> items, Func<T, decimal> value)
    {
        var sorted = items.Select(value).Order().ToArray();
        return [.. items.Select(item => 1 + FirstIndexOf(sorted, value(item)) * 5 / sorted.Length)];
    }

    private static int FirstIndexOf(decimal[] sorted, decimal value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle] < value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
