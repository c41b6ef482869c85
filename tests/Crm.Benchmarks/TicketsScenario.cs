using System.Data.Common;
using Stopwatch = System.Diagnostics.Stopwatch;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.Modules.Tickets.Web;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Crm.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// Tickets against their goals: the list's first and deepest pages against their raw statements (goal ≤ 1.5×, the
/// deepest within 1.2× of the first), and the SLA sweep over the open tickets (goal under 10 s on two cores), against the
/// same working-time arithmetic done in memory without the database.
/// </summary>
public static class TicketsScenario
{
    public static async Task RunAsync(BenchOptions options)
    {
        var count = options.GetInt("tickets", 100_000);
        var dueShare = options.GetInt("due-percent", 1);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            var seeding = Stopwatch.StartNew();
            var now = await SeedAsync(app.Services, count, dueShare);
            await database.AnalyzeAsync();
            Console.WriteLine($"provider {database.Provider}: {count:N0} open tickets with two targets each, {dueShare}% past due, seeded in {seeding.Elapsed.TotalSeconds:N0} s");
            await ListAsync(app.Services);
            // The list's goal is measured at a million tickets, the sweep's over a hundred thousand open ones.
            if (options.Get("sweep", "yes") != "no")
            {
                await SweepAsync(app.Services, count, now);
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<DateTime> SeedAsync(IServiceProvider services, int count, int dueShare)
    {
        var now = DateTime.UtcNow;
        const int batch = 5_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditOptions>().RecordChanges = false;
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var late = i % 100 < dueShare;
                var created = now.AddMinutes(-(i % 5000));
                var due = late ? now.AddMinutes(-1 - (i % 50)) : now.AddHours(2 + (i % 200));
                var ticket = new Ticket
                {
                    Number = $"TCK-B-{i:0000000}", Subject = "Bench ticket " + i, CustomerName = "Customer " + (i % 9000), Status = TicketStatus.InProgress,
                    Priority = (TicketPriority)(i % 4), CreatedAt = created, SlaDueAt = due, SlaState = SlaState.Running,
                    SlaSortKey = due.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture),
                };
                db.Add(ticket);
                db.Add(new TicketSlaTarget { TicketId = ticket.Id, Kind = SlaTargetKind.FirstResponse, StartedAt = created, TargetMinutes = 240, WarnAt = due.AddMinutes(-60), DueAt = due });
                db.Add(new TicketSlaTarget { TicketId = ticket.Id, Kind = SlaTargetKind.Resolution, StartedAt = created, TargetMinutes = 2400, WarnAt = due.AddDays(3), DueAt = due.AddDays(4) });
            }

            await db.SaveChangesAsync();
        }

        return now;
    }

    private static async Task ListAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        const string columns = "\"Id\", \"Number\", \"Subject\", \"CustomerName\", \"Priority\", \"Status\", \"SlaState\", \"SlaDueAt\", \"OwnerId\", \"CreatedAt\"";
        const string open = "NOT (\"IsDeleted\") AND \"Status\" NOT IN (5, 6, 7)";
        var cases = new (string Name, Func<Task> App, Func<Task> Raw)[]
        {
            ("first page (newest)", () => TicketListStatement.PageAsync(db, user, new TicketFilter(), TicketsController.PageSize, CancellationToken.None),
                () => RawAsync(connection, $"SELECT {columns} FROM \"Tickets\" WHERE {open} ORDER BY \"Id\" DESC LIMIT 51")),
            ("deepest page (oldest)", () => TicketListStatement.PageAsync(db, user, new TicketFilter { Last = true }, TicketsController.PageSize, CancellationToken.None),
                () => RawAsync(connection, $"SELECT {columns} FROM \"Tickets\" WHERE {open} ORDER BY \"Id\" LIMIT 51")),
            ("soonest due first", () => TicketListStatement.PageAsync(db, user, new TicketFilter { Sort = "due" }, TicketsController.PageSize, CancellationToken.None),
                () => RawAsync(connection, $"SELECT {columns}, \"SlaSortKey\" FROM \"Tickets\" WHERE {open} ORDER BY \"SlaSortKey\", \"Id\" LIMIT 51")),
        };
        var first = 0.0;
        foreach (var (name, appQuery, raw) in cases)
        {
            var (a, r) = await CustomersScenario.PairedP50Async(appQuery, raw, 200);
            first = first == 0 ? a : first;
            Console.WriteLine($"  list {name,-22} app p50 {a,7:N2} ms   raw p50 {r,7:N2} ms   ratio {a / r:N2}×   vs first page {a / first:N2}×");
        }
    }

    /// <summary>The same rows read by hand into the same row type, as the app would with no ORM.</summary>
    private static async Task<List<TicketRow>> RawAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<TicketRow>(51);
        while (await reader.ReadAsync())
        {
            rows.Add(new TicketRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), (TicketPriority)reader.GetInt32(4),
                (TicketStatus)reader.GetInt32(5), (SlaState)reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetDateTime(7),
                reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.GetDateTime(9)));
        }

        return rows;
    }

    private static async Task SweepAsync(IServiceProvider services, int count, DateTime now)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var calendar = await scope.ServiceProvider.GetRequiredService<IWorkingCalendarSource>().GetAsync(CancellationToken.None);
            var arithmetic = Stopwatch.StartNew();
            var pauses = new List<Pause> { new(now.AddHours(-3), now.AddHours(-2)) };
            for (var i = 0; i < count; i++)
            {
                _ = SlaClock.Compute(now.AddMinutes(-(i % 5000)), 240, 75, pauses, now, calendar);
                _ = SlaClock.Compute(now.AddMinutes(-(i % 5000)), 2400, 75, pauses, now, calendar);
            }

            Console.WriteLine($"  working-time arithmetic for {2 * count:N0} targets in memory: {arithmetic.Elapsed.TotalMilliseconds:N0} ms");
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var sweep = scope.ServiceProvider.GetRequiredService<SlaSweep>();
            var timer = Stopwatch.StartNew();
            var acted = await sweep.RunAsync(CancellationToken.None);
            Console.WriteLine($"  SLA sweep over {count:N0} open tickets: {acted:N0} targets warned or breached in {timer.Elapsed.TotalMilliseconds:N0} ms");
            timer.Restart();
            acted = await sweep.RunAsync(CancellationToken.None);
            Console.WriteLine($"  SLA sweep again, nothing due: {acted:N0} in {timer.Elapsed.TotalMilliseconds:N0} ms");
        }
    }
}
