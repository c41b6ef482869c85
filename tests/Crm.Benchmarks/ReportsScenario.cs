using System.Data.Common;
using System.Globalization;
using Stopwatch = System.Diagnostics.Stopwatch;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Messaging;
using Crm.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// The funnel and pipeline reports over 1,000,000 opportunities with 5,000,000 stage-history rows (two years of deals in
/// the default process, five stage entries each: through the four open stages, then won, lost or back to a stage), on
/// SQLite or PostgreSQL, for the last 90 days, against the same aggregates written as raw SQL on the same connection.
/// Seeding is done by the database itself (a recursive CTE, or <c>generate_series</c>), since a million entities through
/// the change tracker would take the better part of an hour.
/// </summary>
public static class ReportsScenario
{
    public static async Task RunAsync(BenchOptions options)
    {
        var deals = options.GetInt("deals", 1_000_000);
        var iterations = options.GetInt("iterations", 9);
        await using var database = await BenchDatabase.CreateAsync(options);
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, $"http://127.0.0.1:{CustomersScenario.FreePort()}");
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            SalesProcess process;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                process = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<SalesProcess>().AsNoTracking().Include(p => p.Stages).SingleAsync(p => p.IsDefault);
            }

            Console.WriteLine($"provider {database.Provider}: seeding {deals:N0} opportunities and {deals * 5:N0} stage entries …");
            var seeding = Stopwatch.StartNew();
            await SeedAsync(database, process, deals);
            await database.AnalyzeAsync();
            if (!database.Postgres)
            {
                // The seeding wrote gigabytes to the write-ahead log in one go; a running app folds it into the file as it goes.
                await using var writer = new RawReports(database, process).Open();
                await writer.OpenAsync();
                await using var checkpoint = writer.CreateCommand();
                // And the planner statistics the nightly job keeps (without them SQLite picks indexes by shape alone).
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); " + Crm.Infrastructure.Jobs.RefreshStatisticsJob.SqliteStatements;
                await checkpoint.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0} s");

            var now = DateTime.UtcNow;
            var filter = new DealFilter(now.AddDays(-90), now);
            var raw = new RawReports(database, process);
            await using var connection = raw.Open();
            await connection.OpenAsync();

            async Task<T> Ask<T>(IRequest<T> request)
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
            }

            var funnel = await Ask(new GetDealFunnel(filter));
            var rawFunnel = await raw.FunnelAsync(connection, filter);
            Console.WriteLine($"funnel reached per step: app {string.Join(", ", funnel.Steps.Select(s => s.Reached))}, lost {funnel.Lost}; raw {rawFunnel}");
            var (funnelApp, funnelRaw) = await CustomersScenario.PairedP50Async(() => Ask(new GetDealFunnel(filter)), () => raw.FunnelAsync(connection, filter), iterations, warmups: 3);
            Report("funnel report", funnelApp, funnelRaw);

            var pipeline = await Ask(new GetPipelineReport(filter));
            Console.WriteLine($"pipeline: open {pipeline.Stages.Sum(s => s.Count):N0}, won {pipeline.Closed.Won:N0}, lost {pipeline.Closed.Lost:N0}, cycle {pipeline.Closed.AverageCycleDays:0.0} days; raw {await raw.PipelineAsync(connection, filter, now)}");
            var (pipelineApp, pipelineRaw) = await CustomersScenario.PairedP50Async(() => Ask(new GetPipelineReport(filter)), () => raw.PipelineAsync(connection, filter, now), iterations, warmups: 3);
            Report("pipeline report", pipelineApp, pipelineRaw);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static void Report(string name, double app, double raw) =>
        Console.WriteLine($"{name}: app {app:0.0} ms, raw SQL {raw:0.0} ms, ratio {app / raw:0.00} (goal ≤ 1.3, and under about a second)");

    /// <summary>
    /// Deal i was created (i mod 730) + 20 days ago; it entered the four open stages three days apart, then Won (i mod 3 = 0),
    /// Lost (i mod 3 = 1) or went back to an open stage (still open).
    /// </summary>
    private static async Task SeedAsync(BenchDatabase database, SalesProcess process, int deals)
    {
        var open = process.OpenStages.ToList();
        string Id(Guid id) => database.Postgres ? $"'{id}'::uuid" : $"'{id.ToString().ToUpperInvariant()}'";
        string StageOf(string k, string i) =>
            $"CASE WHEN {k} < 4 THEN (CASE {k} {string.Join(" ", open.Select((s, n) => $"WHEN {n} THEN {Id(s.Id)}"))} END) "
            + $"WHEN {i} % 3 = 0 THEN {Id(process.Won.Id)} WHEN {i} % 3 = 1 THEN {Id(process.Lost.Id)} "
            + $"ELSE (CASE {i} % 4 {string.Join(" ", open.Select((s, n) => $"WHEN {n} THEN {Id(s.Id)}"))} END) END";
        string Probability(string i) => $"CASE WHEN {i} % 3 = 0 THEN 100 WHEN {i} % 3 = 1 THEN 0 ELSE (CASE {i} % 4 {string.Join(" ", open.Select((s, n) => $"WHEN {n} THEN {s.Probability}"))} END) END";
        string sql;
        if (database.Postgres)
        {
            const string created = "(now() - ((i % 730) + 20) * interval '1 day')";
            sql = $"""
                INSERT INTO "Opportunities" ("Id", "Name", "CustomerName", "Amount", "Currency", "ExpectedClose", "ProcessId", "StageId", "StageEnteredAt", "Probability", "Status",
                    "ClosedAt", "LossReason", "Source", "CreatedAt", "IsDeleted", "Version")
                SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'Deal ' || i, 'Customer ' || (i % 20000), 1000000::bigint * (1 + i % 900), 'IRR',
                    CASE WHEN i % 3 = 2 THEN (now() + (i % 180) * interval '1 day')::date END, {Id(process.Id)}, {StageOf("4", "i")}, {created} + interval '12 days', {Probability("i")},
                    CASE WHEN i % 3 = 0 THEN 1 WHEN i % 3 = 1 THEN 2 ELSE 0 END, CASE WHEN i % 3 <> 2 THEN {created} + interval '12 days' END,
                    CASE WHEN i % 3 = 1 THEN 'Price' END, i % 11, {created}, false, gen_random_uuid()
                FROM generate_series(0, {deals - 1}) AS i;
                INSERT INTO "OpportunityStageVisits" ("Id", "OpportunityId", "StageId", "Entry", "EnteredAt", "ExitedAt")
                SELECT ('00000000-0001-4000-8000-' || lpad(to_hex(i * 5 + k), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
                    {StageOf("k", "i")}, CASE WHEN k = 0 THEN 0 ELSE 1 END, {created} + k * interval '3 days', CASE WHEN k < 4 THEN {created} + (k + 1) * interval '3 days' END
                FROM generate_series(0, {deals - 1}) AS i CROSS JOIN generate_series(0, 4) AS k;
                """;
        }
        else
        {
            const string created = "(julianday('now') - ((i % 730) + 20))";
            static string Text(string julian) => $"strftime('%Y-%m-%d %H:%M:%S', {julian})";
            static string Guid(string prefix, string n) => $"printf('{prefix}-4000-8000-%012X', {n})";
            sql = $"""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {deals - 1})
                INSERT INTO "Opportunities" ("Id", "Name", "CustomerName", "Amount", "Currency", "ExpectedClose", "ProcessId", "StageId", "StageEnteredAt", "Probability", "Status",
                    "ClosedAt", "LossReason", "Source", "CreatedAt", "IsDeleted", "Version")
                SELECT {Guid("00000000-0000", "i")}, 'Deal ' || i, 'Customer ' || (i % 20000), 1000000 * (1 + i % 900), 'IRR',
                    CASE WHEN i % 3 = 2 THEN date('now', '+' || (i % 180) || ' days') END, {Id(process.Id)}, {StageOf("4", "i")}, {Text(created + " + 12")}, {Probability("i")},
                    CASE WHEN i % 3 = 0 THEN 1 WHEN i % 3 = 1 THEN 2 ELSE 0 END, CASE WHEN i % 3 <> 2 THEN {Text(created + " + 12")} END,
                    CASE WHEN i % 3 = 1 THEN 'Price' END, i % 11, {Text(created)}, 0, {Guid("00000000-0002", "i")}
                FROM n;
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {deals - 1}), s(k) AS (VALUES (0), (1), (2), (3), (4))
                INSERT INTO "OpportunityStageVisits" ("Id", "OpportunityId", "StageId", "Entry", "EnteredAt", "ExitedAt")
                SELECT {Guid("00000000-0001", "i * 5 + k")}, {Guid("00000000-0000", "i")}, {StageOf("k", "i")}, CASE WHEN k = 0 THEN 0 ELSE 1 END,
                    {Text(created + " + k * 3")}, CASE WHEN k < 4 THEN {Text(created + " + (k + 1) * 3")} END
                FROM n CROSS JOIN s;
                """;
        }

        await using var connection = new RawReports(database, process).Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 3600;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The reports' aggregates as hand-written SQL, the floor the app's queries are measured against.</summary>
    private sealed class RawReports(BenchDatabase database, SalesProcess process)
    {
        public DbConnection Open() => database.Postgres
            ? new Npgsql.NpgsqlConnection(database.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);

        private string False => database.Postgres ? "false" : "0";

        /// <summary>A stage entry's deal is not soft-deleted (the few deleted ones are looked up, not every entry's deal).</summary>
        private string NotDeleted(string visit) =>
            $"{visit}.\"OpportunityId\" NOT IN (SELECT \"Id\" FROM \"Opportunities\" WHERE \"IsDeleted\" = {(database.Postgres ? "true" : "1")})";

        private string Days(string from, string to) => database.Postgres
            ? $"date_part('epoch', {to} - {from}) / 86400.0"
            : $"julianday({to}) - julianday({from})";

        private string Literal(Guid id) => database.Postgres ? $"'{id}'::uuid" : $"'{id.ToString().ToUpperInvariant()}'";

        private string List(IEnumerable<Stage> stages) => string.Join(", ", stages.Select(s => Literal(s.Id)));

        private object Time(DateTime utc) => database.Postgres ? utc : utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        private DbCommand Command(DbConnection connection, string sql, params (string Name, DateTime Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = Time(value);
                command.Parameters.Add(parameter);
            }

            return command;
        }

        private static async Task<long> SumOfRowsAsync(DbCommand command)
        {
            // Reads every row and column, as the app does, and returns a checksum of the first numeric column.
            await using var reader = await command.ExecuteReaderAsync();
            long sum = 0;
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }

                sum += Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }

            return sum;
        }

        public async Task<string> FunnelAsync(DbConnection connection, DealFilter filter)
        {
            var stages = process.Stages.Where(s => s.Kind != StageKind.Lost).ToList();
            var counted = List(stages);
            await using var furthest = Command(connection, $"""
                SELECT m.p, COUNT(*) FROM (
                    SELECT v."OpportunityId", MAX(s."Position") AS p
                    FROM "OpportunityStageVisits" v
                    JOIN "SalesStages" s ON s."Id" = v."StageId"
                    WHERE v."EnteredAt" >= @from AND v."EnteredAt" < @to AND v."StageId" IN ({counted}) AND {NotDeleted("v")}
                    GROUP BY v."OpportunityId") m
                GROUP BY m.p
                """, ("from", filter.FromUtc), ("to", filter.ToUtc));
            var reached = await SumOfRowsAsync(furthest);
            await using var lost = Command(connection, $"""
                SELECT 0, COUNT(DISTINCT v."OpportunityId") FROM "OpportunityStageVisits" v
                WHERE v."StageId" = {List([process.Lost])} AND v."EnteredAt" >= @from AND v."EnteredAt" < @to AND {NotDeleted("v")}
                """, ("from", filter.FromUtc), ("to", filter.ToUtc));
            return $"deals counted {reached:N0}, lost {await SumOfRowsAsync(lost):N0}";
        }

        public async Task<string> PipelineAsync(DbConnection connection, DealFilter filter, DateTime now)
        {
            var live = $"\"IsDeleted\" = {False}";
            var deleted = database.Postgres ? "true" : "1";
            await using (var any = connection.CreateCommand())
            {
                any.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 FROM \"Opportunities\" WHERE \"IsDeleted\" = {deleted} LIMIT 1) d";
                if (Convert.ToInt64(await any.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0)
                {
                    throw new InvalidOperationException("The reference assumes no deleted deal, as seeded.");
                }
            }

            (string Sql, (string, DateTime)[] Parameters)[] queries =
            [
                ($"""
                 SELECT "StageId", COUNT(*), SUM("Amount"), SUM("Amount" * "Probability" / 100),
                     SUM(CASE WHEN "StageEnteredAt" >= @week THEN 1 ELSE 0 END), SUM(CASE WHEN "StageEnteredAt" < @week AND "StageEnteredAt" >= @month THEN 1 ELSE 0 END),
                     SUM(CASE WHEN "StageEnteredAt" < @month AND "StageEnteredAt" >= @quarter THEN 1 ELSE 0 END), SUM(CASE WHEN "StageEnteredAt" < @quarter THEN 1 ELSE 0 END),
                     "OwnerId", "ExpectedClose"
                 FROM "Opportunities" WHERE "Status" = 0 AND {live} GROUP BY "StageId", "OwnerId", "ExpectedClose"
                 """, [("week", now.AddDays(-7)), ("month", now.AddDays(-30)), ("quarter", now.AddDays(-90))]),
                ($"""
                 SELECT "Status", COUNT(*), SUM("Amount"), AVG({Days("\"CreatedAt\"", "\"ClosedAt\"")})
                 FROM "Opportunities" WHERE "Status" <> 0 AND "ClosedAt" >= @from AND "ClosedAt" < @to AND {live} GROUP BY "Status"
                 """, [("from", filter.FromUtc), ("to", filter.ToUtc)]),
                ($"""
                 SELECT v."StageId", COUNT(*), SUM({Days("v.\"EnteredAt\"", "v.\"ExitedAt\"")})
                 FROM "OpportunityStageVisits" v
                 WHERE v."StageId" IN ({List(process.OpenStages)}) AND v."ExitedAt" >= @from AND v."ExitedAt" < @to
                 GROUP BY v."StageId"
                 """, [("from", filter.FromUtc), ("to", filter.ToUtc)]),
            ];
            var sums = new List<long>();
            foreach (var (sql, parameters) in queries)
            {
                await using var command = Command(connection, sql, parameters);
                sums.Add(await SumOfRowsAsync(command));
            }

            return $"open {sums[0]:N0}, closed {sums[1]:N0}";
        }
    }
}
