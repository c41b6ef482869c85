using System.Net;
using System.Text.RegularExpressions;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Reports.Features;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// The reports against a data set worked out by hand: ten deal histories in a process of its own (stages A, B, C), each
/// written three times (two copies for one rep, one for a rep of another team), over October 2026. Every expected figure
/// below was computed on paper from the histories in <see cref="Templates"/>.
/// </summary>
public abstract partial class ReportsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    private static readonly DateTime From = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime D(int month, int day) => new(2026, month, day, 10, 0, 0, DateTimeKind.Utc);

    private sealed record Template(string Name, long Amount, DateTime Created, (string Stage, DateTime At)[] Visits, DateOnly? ExpectedClose = null, string? Reason = null, params string[] Competitors);

    private const long M = 1_000_000;

    private static readonly Template[] Templates =
    [
        new("D1", 100 * M, D(10, 2), [("A", D(10, 2)), ("B", D(10, 5)), ("C", D(10, 10)), ("Won", D(10, 20))]),
        new("D2", 50 * M, D(10, 3), [("A", D(10, 3)), ("B", D(10, 8)), ("Lost", D(10, 15))], Reason: "Price", Competitors: ["Rival Co"]),
        new("D3", 30 * M, D(10, 4), [("A", D(10, 4)), ("C", D(10, 12)), ("Won", D(10, 25))]),
        new("D4", 20 * M, D(10, 6), [("A", D(10, 6))], new DateOnly(2026, 12, 15)),
        new("D5", 40 * M, D(9, 20), [("A", D(9, 20)), ("B", D(10, 7))], new DateOnly(2026, 12, 25)),
        new("D6", 10 * M, D(9, 1), [("A", D(9, 1)), ("Lost", D(9, 10))], Reason: "Price"),
        new("D7", 60 * M, D(10, 9), [("A", D(10, 9)), ("B", D(10, 11)), ("C", D(10, 14))], new DateOnly(2027, 1, 10)),
        new("D8", 5 * M, D(10, 1), [("A", D(10, 1)), ("Lost", D(10, 2))], Reason: "Timing", Competitors: ["Rival Co", "Other Ltd"]),
        new("D9", 7 * M, D(11, 2), [("A", D(11, 2))]),
        new("D10", 15 * M, D(10, 1), [("A", D(10, 1)), ("B", D(10, 2)), ("A", D(10, 3))], new DateOnly(2026, 12, 1)),
    ];

    private sealed record DataSet(SalesProcess Process, Guid Rep1, Guid Rep2, Guid Team1, Guid Team2, string Rep1Name, string Rep2Name);

    /// <summary>Writes the three copies of every template into a new process, with their stage histories and creation dates.</summary>
    private async Task<DataSet> SeedAsync()
    {
        var (team1, team2) = (await App.NewTeamAsync(), await App.NewTeamAsync());
        var (name1, name2) = (Unique("rep"), Unique("rep"));
        var rep1 = await App.CreateUserAsync(name1, "SalesRep", Password, team1);
        var rep2 = await App.CreateUserAsync(name2, "SalesRep", Password, team2);
        var process = SalesProcess.Create(Unique("report process "), null, [("A", "A", 10), ("B", "B", 40), ("C", "C", 70)]);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        db.Add(process);
        await db.SaveChangesAsync();
        Stage StageNamed(string name) => name switch { "Won" => process.Won, "Lost" => process.Lost, _ => process.Stages.Single(s => s.Name == name) };

        var created = new List<(Guid Id, DateTime At)>();
        for (var copy = 0; copy < 3; copy++)
        {
            var (owner, team) = copy < 2 ? (rep1.Id, team1) : (rep2.Id, team2);
            foreach (var t in Templates)
            {
                var last = StageNamed(t.Visits[^1].Stage);
                var deal = new Opportunity
                {
                    Name = $"{t.Name}-{copy}",
                    CustomerName = "Customer " + t.Name,
                    Amount = t.Amount,
                    ProcessId = process.Id,
                    StageId = last.Id,
                    StageEnteredAt = t.Visits[^1].At,
                    Probability = last.Probability,
                    Status = last.Kind switch { StageKind.Won => OpportunityStatus.Won, StageKind.Lost => OpportunityStatus.Lost, _ => OpportunityStatus.Open },
                    ClosedAt = last.Kind == StageKind.Open ? null : t.Visits[^1].At,
                    LossReason = t.Reason,
                    ExpectedClose = t.ExpectedClose,
                    OwnerId = owner,
                    TeamId = team,
                };
                deal.Competitors.AddRange(t.Competitors.Select(c => new Competitor { Name = c }));
                db.Add(deal);
                for (var i = 0; i < t.Visits.Length; i++)
                {
                    db.Add(new StageVisit
                    {
                        OpportunityId = deal.Id,
                        StageId = StageNamed(t.Visits[i].Stage).Id,
                        Entry = i == 0 ? StageEntry.Created : StageEntry.Moved,
                        EnteredAt = t.Visits[i].At,
                        ExitedAt = i + 1 < t.Visits.Length ? t.Visits[i + 1].At : null,
                    });
                }

                created.Add((deal.Id, t.Created));
            }
        }

        // Aban 1405 begins on 23 October 2026, inside the period: its target counts.
        db.Add(new SalesTarget { Year = 1405, Month = 8, UserId = rep1.Id, TeamId = team1, Amount = 520 * M, Deals = 4 });
        await db.SaveChangesAsync();
        foreach (var (id, at) in created)
        {
            await db.Set<Opportunity>().Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.CreatedAt, at));
        }

        return new DataSet(process, rep1.Id, rep2.Id, team1, team2, name1, name2);
    }

    /// <summary>Asks a report query as background work would (every deal visible).</summary>
    private async Task<T> AskAsync<T>(IRequest<T> request)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    [Fact]
    public async Task The_funnel_counts_each_deal_once_at_the_furthest_stage_it_reached_in_the_period()
    {
        var data = await SeedAsync();
        var funnel = await AskAsync(new GetDealFunnel(new DealFilter(From, To) { ProcessId = data.Process.Id }));

        funnel.Steps.Select(s => s.Reached).ShouldBe([24, 18, 9, 6]);
        funnel.Steps.Select(s => s.Conversion).ShouldBe([0.75m, 0.5m, 0.6667m, null]);
        funnel.Steps.Select(s => s.DropOff).ShouldBe([6, 9, 3, 0]);
        funnel.Steps[^1].IsWon.ShouldBeTrue();
        funnel.Lost.ShouldBe(6);

        // Behind the B bar: the deals that reached B or later in October (D1, D2, D3, D5, D7, D10 of every copy).
        var deals = await AskAsync(new ListFunnelDeals(new DealFilter(From, To) { ProcessId = data.Process.Id }, data.Process.Stages.Single(s => s.Name == "B").Id));
        deals.Select(d => d.Name.Split('-')[0]).Distinct().Order().ShouldBe(["D1", "D10", "D2", "D3", "D5", "D7"]);
        deals.Count.ShouldBe(18);

        // One rep's own deals only.
        var rep2 = await AskAsync(new GetDealFunnel(new DealFilter(From, To) { ProcessId = data.Process.Id, OwnerId = data.Rep2 }));
        rep2.Steps.Select(s => s.Reached).ShouldBe([8, 6, 3, 2]);
    }

    [Fact]
    public async Task The_pipeline_forecast_win_rate_cycle_and_velocity_equal_the_figures_worked_out_by_hand()
    {
        var data = await SeedAsync();
        var report = await AskAsync(new GetPipelineReport(new DealFilter(From, To) { ProcessId = data.Process.Id }));

        report.Stages.Select(s => (s.Name, s.Count, s.Amount, s.Weighted)).ShouldBe([("A", 9, 126 * M, 12_600_000L), ("B", 3, 120 * M, 48 * M), ("C", 3, 180 * M, 126 * M)]);
        report.Stages.ShouldAllBe(s => s.Ageing.Sum() == s.Count);
        report.Owners.Select(o => (o.OwnerId, o.Count, o.Amount)).ShouldBe([(data.Rep1, 10, 284 * M), (data.Rep2, 5, 142 * M)]);
        report.Forecast.Select(f => (f.Date, f.Count, f.Amount, f.Weighted)).ShouldBe([
            (new DateOnly(2026, 12, 1), 3, 45 * M, 4_500_000L),
            (new DateOnly(2026, 12, 15), 3, 60 * M, 6 * M),
            (new DateOnly(2026, 12, 25), 3, 120 * M, 48 * M),
            (new DateOnly(2027, 1, 10), 3, 180 * M, 126 * M),
            ((DateOnly?)null, 3, 21 * M, 2_100_000L)]);

        report.Closed.ShouldBe(new ClosedDeals(6, 390 * M, 6, 165 * M, 0.5m, 65 * M, report.Closed.AverageCycleDays));
        report.Closed.AverageCycleDays!.Value.ShouldBe(19.5, 0.001);
        report.Velocity.Select(v => (v.Name, v.Stays)).ShouldBe([("A", 21), ("B", 12), ("C", 6)]);
        report.Velocity.Select(v => Math.Round(v.AverageDays, 4)).ShouldBe([Math.Round(37 / 7.0, 4), 4.0, 11.5]);

        // The forecast by month: Gregorian months, and Jalali ones, where 25 December is already 4 Dey.
        using var scope = App.Services.CreateScope();
        var builder = scope.ServiceProvider.GetRequiredService<SalesReportBuilder>();
        builder.ForecastMonths(report.Forecast, jalali: false).Select(m => (m.Count, m.Amount, m.Weighted)).ShouldBe([(9, 225 * M, 58_500_000L), (3, 180 * M, 126 * M), (3, 21 * M, 2_100_000L)]);
        builder.ForecastMonths(report.Forecast, jalali: true).Select(m => (m.Count, m.Amount, m.Weighted)).ShouldBe([(6, 105 * M, 10_500_000L), (6, 300 * M, 174 * M), (3, 21 * M, 2_100_000L)]);
    }

    [Fact]
    public async Task A_soft_deleted_deal_leaves_the_funnel_pipeline_and_velocity_and_comes_back_when_restored()
    {
        var data = await SeedAsync();
        async Task MarkDeleted(bool deleted)
        {
            using var scope = App.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            await db.Set<Opportunity>().IgnoreQueryFilters().Where(o => o.ProcessId == data.Process.Id && (o.Name == "D1-0" || o.Name == "D7-0"))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.IsDeleted, deleted));
        }

        // Without the first copy of D1 (won: stays of 3, 5 and 10 days in A, B, C) and of D7 (open in C: 2 and 3 days in A, B).
        await MarkDeleted(true);
        var filter = new DealFilter(From, To) { ProcessId = data.Process.Id };
        var report = await AskAsync(new GetPipelineReport(filter));
        report.Stages.Single(s => s.Name == "C").ShouldBe(report.Stages.Single(s => s.Name == "C") with { Count = 2, Amount = 120 * M, Weighted = 84 * M });
        report.Closed.ShouldBe(new ClosedDeals(5, 290 * M, 6, 165 * M, 0.4545m, 58 * M, report.Closed.AverageCycleDays));
        report.Closed.AverageCycleDays!.Value.ShouldBe(19.8, 0.001);
        report.Velocity.Select(v => (v.Name, v.Stays)).ShouldBe([("A", 19), ("B", 10), ("C", 5)]);
        report.Velocity.Select(v => Math.Round(v.AverageDays, 4)).ShouldBe([Math.Round(106 / 19.0, 4), 4.0, 11.8]);
        (await AskAsync(new GetDealFunnel(filter))).Steps.Select(s => s.Reached).ShouldBe([22, 16, 7, 5]);

        // A rep's own figures leave it out the same way (the narrowed path looks each deal up).
        var rep1 = await AskAsync(new GetPipelineReport(filter with { OwnerId = data.Rep1 }));
        rep1.Velocity.Select(v => (v.Name, v.Stays)).ShouldBe([("A", 12), ("B", 6), ("C", 3)]);

        await MarkDeleted(false);
        report = await AskAsync(new GetPipelineReport(filter));
        report.Velocity.Select(v => (v.Name, v.Stays)).ShouldBe([("A", 21), ("B", 12), ("C", 6)]);
        report.Closed.Won.ShouldBe(6);
    }

    [Fact]
    public async Task Losses_by_reason_stage_and_competitor_and_sales_per_rep_with_their_target()
    {
        var data = await SeedAsync();
        var losses = await AskAsync(new GetLossReport(new DealFilter(From, To) { ProcessId = data.Process.Id }));
        (losses.Lost, losses.Amount).ShouldBe((6, 165 * M));
        losses.ByReason.ShouldBe([new LossGroup("Price", 3, 150 * M), new LossGroup("Timing", 3, 15 * M)]);
        losses.ByStage.ShouldBe([new LossGroup("A", 3, 15 * M), new LossGroup("B", 3, 150 * M)]);
        losses.ByCompetitor.ShouldBe([new LossGroup("Rival Co", 6, 165 * M), new LossGroup("Other Ltd", 3, 15 * M)]);

        var reps = await AskAsync(new GetRepSales(new DealFilter(From, To) { ProcessId = data.Process.Id }));
        var rep1 = reps.Single(r => r.OwnerId == data.Rep1);
        rep1.ShouldBe(new RepSales(data.Rep1, 4, 260 * M, 4, 14, 10, 284 * M, 520 * M, 4));
        rep1.WinRate.ShouldBe(0.5m);
        rep1.Attainment.ShouldBe(0.5m);
        reps.Single(r => r.OwnerId == data.Rep2).ShouldBe(new RepSales(data.Rep2, 2, 130 * M, 2, 7, 5, 142 * M, 0, 0));

        // Deals created (7 of each copy's ten in October) and won in the period, by source and campaign (none given).
        var sources = await AskAsync(new GetDealSources(new DealFilter(From, To) { ProcessId = data.Process.Id }));
        sources.BySource.ShouldBe([new SourceDeals("WalkIn", 21, 6, 390 * M)]);
        sources.ByCampaign.ShouldBe([new SourceDeals("", 21, 6, 390 * M)]);
    }

    [Fact]
    public async Task A_rep_reads_only_their_own_and_their_teams_figures_and_cannot_export_a_manager_sees_all()
    {
        var data = await SeedAsync();
        var rep2 = App.Browser();
        await rep2.SignInOk(data.Rep2Name, Password);
        var manager = await App.SignedInAsync("SalesManager", data.Team1);
        var query = $"period=custom&from=2026-10-01&to=2026-10-31&calendar=gregorian&process={data.Process.Id}&culture=en-US&ui-culture=en-US";

        // The funnel's table (the workbook's second sheet): stage, reached, conversion %, drop-off.
        var mine = await Sheets(await rep2.GetAsync($"/Reports/Reports/Funnel?{query}&export=xlsx"));
        mine[1][1].ShouldBe(["A", "8", "75", "2"]);
        var all = await Sheets(await manager.GetAsync($"/Reports/Reports/Funnel?{query}&export=xlsx"));
        all[1][1].ShouldBe(["A", "24", "75", "6"]);

        // The pipeline's open deals by owner: the rep sees only their own row.
        var pipeline = await rep2.GetStringAsync($"/Reports/Reports/Pipeline?{query}");
        pipeline.ShouldContain(data.Rep2Name);
        pipeline.ShouldNotContain(data.Rep1Name);
        var team = await rep2.GetStringAsync($"/Reports/Reports/Team?{query}");
        team.ShouldNotContain(data.Rep1Name);
        (await manager.GetStringAsync($"/Reports/Reports/Team?{query}")).ShouldContain(data.Rep1Name);

        // Asking for another team's rep or process changes nothing: the visibility rule comes first.
        var other = await Sheets(await rep2.GetAsync($"/Reports/Reports/Funnel?{query}&owner={data.Rep1}&export=xlsx"));
        other[1][1].ShouldBe(["A", "0", "", "0"]);

        // People without the reports permission are refused.
        var support = await App.SignedInAsync("SupportAgent", null);
        (await support.GetAsync($"/Reports/Reports/Funnel?{query}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_report_exports_to_a_workbook_and_a_pdf_that_read_back()
    {
        var data = await SeedAsync();
        var manager = await App.SignedInAsync("SalesManager", data.Team1);
        var query = $"period=custom&from=2026-10-01&to=2026-10-31&calendar=gregorian&process={data.Process.Id}&culture=en-US&ui-culture=en-US";

        // A customer of this test alone: 30M + 10% VAT issued on 15 October, and 40M + 10% VAT ten days ago (inside the RFM year).
        var (customer, customerName) = (Guid.NewGuid(), Unique("Buyer "));
        await SeedInvoiceAsync(customer, customerName, new DateOnly(2026, 10, 15), 30 * M);
        await SeedInvoiceAsync(customer, customerName, App.Services.GetRequiredService<Crm.SharedKernel.Localization.IDisplayFormatter>().Today().AddDays(-10), 40 * M);

        // One figure each report must show, worked out by hand from the seeded deals and invoices (cells as exported).
        var expected = new Dictionary<string, (string Filter, string[] Row)>
        {
            ["Funnel"] = ("", ["B", "18", "50", "9"]),
            ["Pipeline"] = ("", ["C", "3", "180000000", "126000000", "0", "0", "3", "0"]),
            ["Team"] = ("", [data.Rep2Name, "0", "0", "", "", "7", "2", "2", "50", "130000000", "0", "", "0", "0", "0"]),
            ["Losses"] = ("", ["Timing", "3", "50", "15000000"]),
            ["Marketing"] = ("", ["Walk-in", "0", "0", "", "", "21", "6", "390000000"]),
            ["Customers"] = ($"&customer=Contact:{customer}", [customerName, "1", "30000000", "100", "100", "2026-10-15"]),
            // Its RFM score depends on every other customer of the year, so the row is checked up to the score.
            ["Rfm"] = ("", [customerName, "10", "2", "70000000"]),
            // No repairs here: the after-sales report's money table says so (its tickets are checked in the tickets tests).
            ["Service"] = ("", ["Charged for service", "0"]),
        };
        expected.Keys.ShouldBe(ReportCatalog.Pages, ignoreOrder: true);
        foreach (var report in ReportCatalog.Pages)
        {
            var (filter, row) = expected[report];
            var page = await manager.GetAsync($"/Reports/Reports/{report}?{query}{filter}");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var sheets = await Sheets(await manager.GetAsync($"/Reports/Reports/{report}?{query}{filter}&export=xlsx"));
            sheets[0][1][0].ShouldBe("Period");
            sheets.SelectMany(sheet => sheet).ShouldContain(cells => cells.Take(row.Length).SequenceEqual(row), $"{report}: [{string.Join(", ", row)}]");
        }

        // Dates that cannot be read are said, and stay in the form as typed.
        var bad = System.Net.WebUtility.HtmlDecode(await manager.GetStringAsync("/Reports/Reports/Funnel?period=custom&from=2026-13-45&to=yesterday&culture=en-US&ui-culture=en-US"));
        bad.ShouldContain("The dates could not be read");
        bad.ShouldContain("value=\"2026-13-45\"");
        bad.ShouldContain("value=\"yesterday\"");

        var losses = await Sheets(await manager.GetAsync($"/Reports/Reports/Losses?{query}&export=xlsx"));
        losses[0].ShouldContain(row => row.SequenceEqual(new[] { "Lost", "6", "" }));
        losses[1].ShouldContain(row => row.SequenceEqual(new[] { "Price", "3", "50", "150000000" }));

        // Always checked: ./build.sh test installs Chromium, and a machine without it fails here saying so.
        var pdf = await manager.GetAsync($"/Reports/Reports/Funnel?{query}&export=pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        pdf.Content.Headers.ContentType?.MediaType.ShouldBe("application/pdf",
            "the report PDF needs Chromium (Documents:ChromiumPath; ./build.sh test installs it); the app answered: " + System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 400)]));
        var file = Path.Combine(Directory.CreateTempSubdirectory("crm-report").FullName, "funnel.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        var text = PdfText(file);
        text.ShouldContain("Sales funnel");
        text.ShouldContain("1 Oct 2026");
        Regex.IsMatch(text, @"A\s+24\s+75%\s+6").ShouldBeTrue(text);
    }

    [Fact]
    public async Task The_home_dashboard_is_kept_for_a_minute_says_how_old_it_is_and_refreshes_on_request()
    {
        var team = await App.NewTeamAsync();
        var name = Unique("rep");
        var rep = await App.CreateUserAsync(name, "SalesRep", Password, team);
        var client = App.Browser();
        await client.SignInOk(name, Password);
        const string home = "/?culture=en-US&ui-culture=en-US";
        var first = await client.GetStringAsync(home);
        first.ShouldContain("id=\"dashboard-as-of\"");
        first.ShouldContain("· 0 deals");

        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var process = await db.Set<SalesProcess>().AsNoTracking().Include(p => p.Stages).SingleAsync(p => p.IsDefault);
            var stage = process.OpenStages.First();
            db.Add(new Opportunity
            {
                Name = Unique("deal"), CustomerName = "Customer", Amount = 5 * M, ProcessId = process.Id, StageId = stage.Id, StageEnteredAt = DateTime.UtcNow,
                Probability = stage.Probability, Status = OpportunityStatus.Open, OwnerId = rep.Id, TeamId = team,
            });
            await db.SaveChangesAsync();
        }

        (await client.GetStringAsync(home)).ShouldContain("· 0 deals");
        (await client.GetStringAsync(home + "&refresh=1")).ShouldContain("· 1 deals");

        // In Persian the count stands after a Persian comma: a middle dot beside "۱" reads as "۱۰".
        var persian = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/?culture=fa-IR&ui-culture=fa-IR&refresh=1"));
        persian.ShouldContain("ریال، ۱ فرصت");
        persian.ShouldNotContain("·");

        // Made a manager and signed in again: the manager's dashboard at once, not the rep's kept one.
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Crm.Modules.Identity.Domain.ApplicationUser>>();
            (await users.AddToRoleAsync((await users.FindByIdAsync(rep.Id.ToString()))!, "SalesManager")).Succeeded.ShouldBeTrue();
        }

        var again = App.Browser();
        await again.SignInOk(name, Password);
        var manager = await again.GetStringAsync(home);
        manager.ShouldContain("Win rate");
        manager.ShouldNotContain("My pipeline");
    }

    [Fact]
    public async Task Lead_funnel_response_time_and_activities_per_rep()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.CreateUserAsync(Unique("rep"), "SalesRep", Password, team);
        (LeadStatus Status, Crm.Modules.Contacts.Contracts.CustomerSource Source, ActivityKind? First, int Hours)[] leads =
        [
            (LeadStatus.New, Crm.Modules.Contacts.Contracts.CustomerSource.Instagram, null, 0),
            (LeadStatus.Contacted, Crm.Modules.Contacts.Contracts.CustomerSource.Instagram, ActivityKind.Call, 2),
            (LeadStatus.Qualified, Crm.Modules.Contacts.Contracts.CustomerSource.Instagram, ActivityKind.Call, 5),
            (LeadStatus.Converted, Crm.Modules.Contacts.Contracts.CustomerSource.Website, ActivityKind.SmsSent, 1),
            (LeadStatus.Unqualified, Crm.Modules.Contacts.Contracts.CustomerSource.Website, ActivityKind.Note, 4),
        ];
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var created = D(10, 12);
            foreach (var (status, source, first, hours) in leads)
            {
                var lead = new Lead { Status = status, Source = source, OwnerId = rep.Id, TeamId = team };
                lead.SetName("Lead", Unique("n"));
                db.Add(lead);
                if (first is { } kind)
                {
                    db.Add(new Activity { Kind = kind, RecordType = RecordTypes.Lead, RecordId = lead.Id, Subject = "first", OccurredAt = created.AddHours(hours), CreatedBy = rep.Id });
                    // A later contact does not change the response time.
                    db.Add(new Activity { Kind = ActivityKind.Call, RecordType = RecordTypes.Lead, RecordId = lead.Id, Subject = "again", OccurredAt = created.AddDays(3), CreatedBy = rep.Id });
                }

                await db.SaveChangesAsync();
                await db.Set<Lead>().Where(l => l.Id == lead.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.CreatedAt, created));
            }
        }

        var filter = new LeadFilter(From, To) { OwnerId = rep.Id };
        (await AskAsync(new GetLeadFunnel(filter))).ShouldBe(new LeadFunnel(5, 4, 2, 1, 1));
        var byOwner = (await AskAsync(new GetLeadGroups(filter, LeadGrouping.Owner))).Single();
        (byOwner.Created, byOwner.Converted, byOwner.Reached).ShouldBe((5, 1, 4));
        byOwner.AverageResponseHours!.Value.ShouldBe(3.0, 0.001);
        var bySource = await AskAsync(new GetLeadGroups(filter, LeadGrouping.Source));
        bySource.Select(g => (g.Key, g.Created, g.Converted, g.Reached)).ShouldBe([("Instagram", 3, 0, 2), ("Website", 2, 1, 2)]);
        bySource[0].AverageResponseHours!.Value.ShouldBe(3.5, 0.001);
        bySource[1].AverageResponseHours!.Value.ShouldBe(2.5, 0.001);

        var activities = await AskAsync(new CountActivities(From, To, [rep.Id]));
        activities.OrderBy(a => a.Kind).Select(a => (a.Kind, a.Count)).ShouldBe([(ActivityKind.Call, 6), (ActivityKind.Note, 1), (ActivityKind.SmsSent, 1)]);
    }

    [Fact]
    public async Task Invoiced_received_and_commission_per_owner_follow_the_rules()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.CreateUserAsync(Unique("rep"), "SalesRep", Password, team);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var software = new Product { Code = Unique("SW"), Name = "نرم‌افزار", Unit = "عدد", Category = Unique("software") };
            var hardware = new Product { Code = Unique("HW"), Name = "سخت‌افزار", Unit = "عدد", Category = Unique("hardware") };
            db.AddRange(software, hardware);
            db.AddRange(new CommissionRule { Name = "software 5%", Category = software.Category, Percent = 5 }, new CommissionRule { Name = "per invoice", FlatAmount = M });

            // Issued 10 Oct, paid in full 20 Oct: 2 × 50M of software and 50M of hardware, 10% VAT.
            // Issued 12 Oct, 10M of 22M received 25 Oct. Issued 28 Sep, paid in full 3 Oct: 30M of software.
            (DateOnly Issued, (Product Product, decimal Quantity, long Price)[] Lines, DateOnly Paid, long? Amount)[] invoices =
            [
                (new DateOnly(2026, 10, 10), [(software, 2, 50 * M), (hardware, 1, 50 * M)], new DateOnly(2026, 10, 20), null),
                (new DateOnly(2026, 10, 12), [(software, 1, 20 * M)], new DateOnly(2026, 10, 25), 10 * M),
                (new DateOnly(2026, 9, 28), [(software, 1, 30 * M)], new DateOnly(2026, 10, 3), null),
            ];
            foreach (var (issued, lines, paid, amount) in invoices)
            {
                var invoice = new Crm.Modules.Invoicing.Domain.Invoice
                {
                    Type = Crm.Modules.Invoicing.Domain.InvoiceType.Sales,
                    Number = Unique("INV-"),
                    IssueDate = issued,
                    DueDate = issued.AddDays(30),
                    IssuedAt = issued.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
                    OwnerId = rep.Id,
                    TeamId = team,
                    Language = "fa",
                };
                invoice.SetCustomer(new RecordRef(RecordTypes.Contact, Guid.NewGuid()), "Customer");
                var position = 0;
                foreach (var (product, quantity, price) in lines)
                {
                    var line = new Crm.Modules.Invoicing.Domain.InvoiceLine { InvoiceId = invoice.Id, Position = ++position, ProductId = product.Id, Description = product.Name, Unit = product.Unit, Quantity = quantity, UnitPrice = price, VatRate = 10 };
                    line.Compute();
                    invoice.Lines.Add(line);
                }

                invoice.Recompute();
                invoice.PaidAmount = amount ?? invoice.Total;
                invoice.PaidAt = amount is null ? paid.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc) : null;
                db.Add(invoice);
                db.Add(new Crm.Modules.Invoicing.Domain.Payment { InvoiceId = invoice.Id, Method = Crm.Modules.Invoicing.Domain.PaymentMethod.Transfer, Amount = invoice.PaidAmount, PaidOn = paid });
            }

            await db.SaveChangesAsync();
        }

        var revenue = (await AskAsync(new Crm.Modules.Invoicing.Contracts.GetOwnerRevenue(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)))).Single(r => r.OwnerId == rep.Id);
        // Invoiced: the net of the two October invoices (150M + 20M). Received: 165M + 10M + 33M in October.
        // Commission: 5% of the software and 1M on each invoice paid in full in October: (5M + 1M) + (1.5M + 1M).
        revenue.ShouldBe(new Crm.Modules.Invoicing.Contracts.OwnerRevenue(rep.Id, 170 * M, 208 * M, 8_500_000));
    }

    [Fact]
    public async Task An_rfm_segment_is_tagged_only_by_those_allowed_and_a_bad_name_comes_back_with_its_message()
    {
        var manager = await App.SignedInAsync("SalesManager", await App.NewTeamAsync());
        var contact = IdFrom(await manager.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "مینا"), ("LastName", Unique("rfm")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", Mobile()), ("Source", "Phone"), ("Rating", "0")));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var invoice = new Crm.Modules.Invoicing.Domain.Invoice
            {
                Type = Crm.Modules.Invoicing.Domain.InvoiceType.Sales, Number = Unique("INV-"), IssueDate = today.AddDays(-10), DueDate = today.AddDays(20),
                IssuedAt = DateTime.UtcNow.AddDays(-10), Language = "fa",
            };
            invoice.SetCustomer(new RecordRef(RecordTypes.Contact, contact), "مینا");
            var line = new Crm.Modules.Invoicing.Domain.InvoiceLine { InvoiceId = invoice.Id, Position = 1, Description = "خدمات", Unit = "عدد", Quantity = 1, UnitPrice = 40 * M };
            line.Compute();
            invoice.Lines.Add(line);
            invoice.Recompute();
            db.Add(invoice);
            await db.SaveChangesAsync();
        }

        var revenue = await AskAsync(new Crm.Modules.Invoicing.Contracts.GetRevenue(today.AddDays(1 - CustomerReportBuilder.RfmDays), today));
        var segment = Rfm.Score(revenue.ByCustomer, today).Single(c => c.Customer.Customer.Id == contact).Segment;
        var tag = Unique("vip");

        // Without the token, or as someone without the reports, nothing is tagged.
        (await manager.PostAsync("/Reports/Reports/TagSegment", new FormUrlEncodedContent([new("segment", segment), new("tag", tag)]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var support = await App.SignedInAsync("SupportAgent", null);
        (await support.PostForm("/", "/Reports/Reports/TagSegment", ("segment", segment), ("tag", tag))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A name too long is refused with its message, and the form shows it again.
        var tooLong = new string('x', 41);
        var refused = await manager.PostForm("/Reports/Reports/Rfm", "/Reports/Reports/TagSegment", ("segment", segment), ("tag", tooLong));
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = System.Net.WebUtility.HtmlDecode(await manager.GetStringAsync(refused.Headers.Location!.ToString()));
        page.ShouldContain("۴۰");
        page.ShouldContain($"value=\"{tooLong}\"");

        (await manager.PostForm("/Reports/Reports/Rfm", "/Reports/Reports/TagSegment", ("segment", segment), ("tag", tag))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var tags = await AskAsync(new Crm.Modules.Tags.Contracts.GetRecordTags(RecordTypes.Contact, [contact]));
        tags[contact].Select(t => t.Name).ShouldContain(tag);
    }

    /// <summary>An issued sales invoice of one line at 10% VAT for a contact, stored as issuing stores it.</summary>
    private async Task SeedInvoiceAsync(Guid contact, string name, DateOnly issued, long net)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var invoice = new Crm.Modules.Invoicing.Domain.Invoice
        {
            Type = Crm.Modules.Invoicing.Domain.InvoiceType.Sales, Number = Unique("INV-"), IssueDate = issued, DueDate = issued.AddDays(30),
            IssuedAt = issued.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), Language = "fa",
        };
        invoice.SetCustomer(new RecordRef(RecordTypes.Contact, contact), name);
        var line = new Crm.Modules.Invoicing.Domain.InvoiceLine { InvoiceId = invoice.Id, Position = 1, Description = "خدمات", Unit = "عدد", Quantity = 1, UnitPrice = net, VatRate = 10 };
        line.Compute();
        invoice.Lines.Add(line);
        invoice.Recompute();
        db.Add(invoice);
        await db.SaveChangesAsync();
    }

    /// <summary>Every sheet of an .xlsx response as rows of cell texts (numbers as written).</summary>
    private static async Task<List<List<string[]>>> Sheets(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        var sheets = new List<List<string[]>>();
        for (var i = 1; zip.GetEntry($"xl/worksheets/sheet{i}.xml") is { } entry; i++)
        {
            using var reader = new StreamReader(entry.Open());
            var xml = await reader.ReadToEndAsync();
            sheets.Add([.. RowPattern().Matches(xml).Select(row => CellPattern().Matches(row.Groups[1].Value)
                .Select(cell => System.Net.WebUtility.HtmlDecode(ValuePattern().Match(cell.Value) is { Success: true } v ? v.Groups[1].Value : "")).ToArray())]);
        }

        return sheets;
    }

    private static string PdfText(string file)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-layout", file, "-"]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    [GeneratedRegex(@"<(?:\w+:)?row\b[^>]*>(.*?)</(?:\w+:)?row>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex(@"<(?:\w+:)?(?:t|v)\b[^>]*>(.*?)</", RegexOptions.Singleline)]
    private static partial Regex ValuePattern();
}

public sealed class SqliteReportsTests(SqliteAppFixture fixture) : ReportsTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresReportsTests(PostgresAppFixture fixture) : ReportsTests<PostgresAppFixture>(fixture);
