using System.Globalization;
using Crm.Infrastructure.Localization;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Reports;
using Crm.Modules.Reports.Features;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.UnitTests;

/// <summary>Report periods in both calendars, the Pareto cut and the RFM scores, each worked out by hand.</summary>
public sealed class ReportsTests
{
    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    /// <summary>Periods as of 30 November 2026 (9 Azar 1405) at noon in Tehran.</summary>
    private static ReportPeriods Periods(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var format = new DisplayFormatter(Options.Create(new Crm.Infrastructure.Localization.LocalizationOptions()), new FixedClock(new DateTime(2026, 11, 30, 8, 30, 0, DateTimeKind.Utc)));
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()), NullLoggerFactory.Instance);
        return new ReportPeriods(format, new StringLocalizer<ReportsResources>(factory));
    }

    [Theory]
    // Jalali: Azar 1405 runs from 22 November to 21 December 2026; Aban from 23 October; autumn (Mehr–Azar) from 23 September; 1405 from 21 March 2026.
    [InlineData("jalali", "month", "2026-11-22", "2026-12-21")]
    [InlineData("jalali", "last-month", "2026-10-23", "2026-11-21")]
    [InlineData("jalali", "quarter", "2026-09-23", "2026-12-21")]
    [InlineData("jalali", "year", "2026-03-21", "2027-03-20")]
    [InlineData("gregorian", "month", "2026-11-01", "2026-11-30")]
    [InlineData("gregorian", "last-month", "2026-10-01", "2026-10-31")]
    [InlineData("gregorian", "quarter", "2026-10-01", "2026-12-31")]
    [InlineData("gregorian", "year", "2026-01-01", "2026-12-31")]
    [InlineData("gregorian", "30d", "2026-11-01", "2026-11-30")]
    public void Periods_are_cut_in_the_calendar_asked_for(string calendar, string preset, string from, string to)
    {
        var period = Periods("en-US").Resolve(new ReportQuery { Period = preset, Calendar = calendar });
        period.From.ShouldBe(DateOnly.Parse(from, CultureInfo.InvariantCulture));
        period.To.ShouldBe(DateOnly.Parse(to, CultureInfo.InvariantCulture));
        // Days run in Tehran's time: the first starts at 20:30 UTC the evening before.
        period.FromUtc.ShouldBe(DateOnly.Parse(from, CultureInfo.InvariantCulture).AddDays(-1).ToDateTime(new TimeOnly(20, 30), DateTimeKind.Utc));
        period.Error.ShouldBeNull();
    }

    [Fact]
    public void Persian_defaults_to_the_jalali_month_and_reads_jalali_dates_a_bad_period_says_so()
    {
        var periods = Periods("fa-IR");
        periods.Resolve(new ReportQuery()).From.ShouldBe(new DateOnly(2026, 11, 22));
        var custom = periods.Resolve(new ReportQuery { Period = "custom", From = "۱۴۰۵/۰۸/۰۱", To = "۱۴۰۵/۰۸/۳۰" });
        (custom.From, custom.To).ShouldBe((new DateOnly(2026, 10, 23), new DateOnly(2026, 11, 21)));
        var backwards = periods.Resolve(new ReportQuery { Period = "custom", From = "1405/08/30", To = "1405/08/01" });
        backwards.Error.ShouldNotBeNull();
        backwards.Preset.ShouldBe("month");
        periods.MonthLabel(jalali: true, 1405, 9).ShouldBe("آذر ۱۴۰۵");
    }

    private static CustomerRevenue Customer(string name, long net, int invoices, int daysAgo) =>
        new(new RecordRef(RecordTypes.Contact, Guid.NewGuid()), name, invoices, net, new DateOnly(2026, 11, 30).AddDays(-daysAgo));

    [Fact]
    public void The_pareto_cut_stops_at_the_customer_who_reaches_eighty_percent()
    {
        // 1,000 in all: 500 (50%), then 300 (80%): two customers make 80%.
        CustomerRevenue[] customers = [Customer("c", 100, 1, 1), Customer("a", 500, 1, 1), Customer("d", 50, 1, 1), Customer("b", 300, 1, 1), Customer("e", 50, 1, 1), Customer("x", -20, 0, 1)];
        Pareto.Top(customers).Select(c => c.Name).ShouldBe(["a", "b"]);
        Pareto.Top([]).ShouldBeEmpty();
    }

    [Fact]
    public void Rfm_scores_by_quintile_with_equals_sharing_a_score_and_groups_by_recency_and_frequency()
    {
        // Ten buyers: recency 1..10 days ago with frequency 10..1 invoices and value 100..1000.
        var customers = Enumerable.Range(1, 10).Select(i => Customer("c" + i, i * 100, 11 - i, i)).Append(Customer("returns only", -50, 1, 3)).ToList();
        var scored = Rfm.Score(customers, new DateOnly(2026, 11, 30));
        scored.Count.ShouldBe(10);
        var c1 = scored.Single(s => s.Customer.Name == "c1");
        (c1.RecencyDays, c1.R, c1.F, c1.M, c1.Segment).ShouldBe((1, 5, 5, 1, "Champions"));
        var c10 = scored.Single(s => s.Customer.Name == "c10");
        (c10.R, c10.F, c10.M, c10.Segment).ShouldBe((1, 1, 5, "Hibernating"));
        var c5 = scored.Single(s => s.Customer.Name == "c5");
        (c5.R, c5.F, c5.Segment).ShouldBe((3, 3, "Loyal"));

        // Equal values share the lower score.
        var same = Rfm.Score([Customer("p", 100, 2, 5), Customer("q", 100, 2, 5)], new DateOnly(2026, 11, 30));
        same.ShouldAllBe(s => s.R == 1 && s.F == 1 && s.M == 1);
        Rfm.Segment(5, 1).ShouldBe("Promising");
        Rfm.Segment(1, 5).ShouldBe("AtRisk");
        Rfm.Segment(3, 2).ShouldBe("NeedAttention");
    }
}
