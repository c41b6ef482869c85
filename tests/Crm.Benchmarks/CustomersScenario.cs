using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bogus;
using Crm.Infrastructure.Imports;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Contacts.Features;
using Crm.Modules.Contacts.Web;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.Web;
using Crm.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Benchmarks;

/// <summary>
/// Customer records at scale, on SQLite or PostgreSQL, everything in one process:
/// the contacts list and searches over a million contacts, timed through the app's own query code against the same
/// question written as raw SQL; the same pages over HTTP against the floor page; and an import of 100,000 leads
/// from .xlsx through the import pipeline against parsing the file and inserting the rows with raw batched SQL.
/// </summary>
public static class CustomersScenario
{
    internal const string AdminPassword = "bench-Admin-42x";

    public static async Task RunAsync(BenchOptions options)
    {
        var contacts = options.GetInt("contacts", 1_000_000);
        var leads = options.GetInt("leads", 100_000);
        var iterations = options.GetInt("queries", 200);
        var requests = options.GetInt("requests", 1_000);
        var parts = options.Get("parts", "queries,pages,import").Split(',');
        await using var database = await BenchDatabase.CreateAsync(options);
        var postgres = database.Postgres;
        var url = $"http://127.0.0.1:{FreePort()}";
        var app = BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            Console.WriteLine($"provider {database.Provider}: seeding {contacts:N0} contacts …");
            var seeding = Stopwatch.StartNew();
            await SeedContactsAsync(app.Services, contacts);
            Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0} s");
            await database.AnalyzeAsync();

            if (parts.Contains("queries"))
            {
                await QueriesAsync(app.Services, contacts, iterations, postgres);
            }

            if (parts.Contains("pages"))
            {
                await PagesAsync(url, contacts, requests, options.Get("extra-pages", "").Split(',', StringSplitOptions.RemoveEmptyEntries));
            }

            if (parts.Contains("import"))
            {
                await ImportAsync(app.Services, database.DataFolder, leads, postgres);
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The app as the host builds it, in this process, on the given database; <paramref name="settings"/> go on top.</summary>
    internal static WebApplication BuildApp(string provider, string connectionString, string dataFolder, string url, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Crm.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Crm.sln not found.");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Path.Combine(root.FullName, "src", "Crm.Web"),
            EnvironmentName = "Production",
            ApplicationName = "Crm.Web",
        });
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["Database:ConnectionString"] = connectionString;
        builder.Configuration["DataFolder"] = dataFolder;
        builder.Configuration["PublicUrl"] = url;
        builder.Configuration["Admin:Password"] = AdminPassword;
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["RateLimits:PublicPerMinute"] = "100000";
        builder.Configuration["Serilog:MinimumLevel:Default"] = "Warning";
        if (Environment.GetEnvironmentVariable("CRM_BENCH_SQL") == "1")
        {
            builder.Configuration["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseUrls(url);
        builder.AddCrm(ModuleRegistry.All);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseCrm();
        return app;
    }

    /// <summary>A million people with a mobile and an email each, in batches on fresh contexts without the audit trail.</summary>
    internal static async Task SeedContactsAsync(IServiceProvider services, int count)
    {
        var faker = new Faker("fa");
        const int batch = 10_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditOptions>().RecordChanges = false;
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var contact = new Contact { Source = (Crm.Modules.Contacts.Contracts.CustomerSource)(i % 10), Rating = i % 6 };
                contact.SetName(faker.Name.FirstName(), faker.Name.LastName());
                contact.Phones.Add(PhoneEntry.Create(PhoneType.Mobile, MobileOf(i), 0));
                contact.Emails.Add(EmailEntry.Create(EmailType.Work, $"c{i}@bench.example", 0));
                contact.RefreshSummary();
                db.Add(contact);
            }

            await db.SaveChangesAsync();
        }
    }

    internal static string MobileOf(int i) => "0912" + (1_000_000 + i).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task QueriesAsync(IServiceProvider services, int contacts, int iterations, bool postgres)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>();
        var middle = await db.Set<Contact>().AsNoTracking().OrderBy(c => c.Id).Skip(contacts / 2).Select(c => new { c.LastName, c.LastNameKey }).FirstAsync();
        var lastName = middle.LastName;
        var mobile = MobileOf(contacts / 3);
        var typedMobile = "+98 " + mobile[1..4] + " " + mobile[4..7] + " " + mobile[7..];

        Task<KeysetPage<ContactRow>> AppPage(ContactFilter filter) => AppPageAsync(db, user, filter);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var columns = "\"Id\", \"FullName\", \"PrimaryPhone\", \"PrimaryEmail\", \"City\", \"Source\", \"Rating\", \"OwnerId\", \"NameKey\"";
        const string notDeleted = "NOT \"IsDeleted\"";
        var (nameFrom, nameTo) = SearchKeys.PrefixRange(middle.LastNameKey);
        var phoneKey = PhoneNumber.Normalize(typedMobile);

        var cases = new (string Name, Func<Task> App, Func<Task> Raw)[]
        {
            ("list, first page", () => AppPage(new ContactFilter()),
                () => RawAsync(connection, $"SELECT {columns} FROM \"Contacts\" WHERE {notDeleted} ORDER BY \"NameKey\", \"Id\" LIMIT 51")),
            ("list, last page", () => AppPage(new ContactFilter { Last = true }),
                () => RawAsync(connection, $"SELECT {columns} FROM \"Contacts\" WHERE {notDeleted} ORDER BY \"NameKey\" DESC, \"Id\" DESC LIMIT 51")),
            ($"search name \"{lastName}\"", () => AppPage(new ContactFilter { Q = lastName }),
                () => RawAsync(connection, $"SELECT {columns} FROM \"Contacts\" WHERE {notDeleted} AND \"Id\" IN (SELECT \"Id\" FROM (SELECT \"Id\" FROM \"Contacts\" WHERE {notDeleted} AND \"NameKey\" >= @from AND \"NameKey\" < @to ORDER BY \"NameKey\" LIMIT 2000) AS n UNION SELECT \"Id\" FROM (SELECT \"Id\" FROM \"Contacts\" WHERE {notDeleted} AND \"LastNameKey\" >= @from AND \"LastNameKey\" < @to ORDER BY \"LastNameKey\" LIMIT 2000) AS l) ORDER BY \"NameKey\", \"Id\" LIMIT 51",
                    ("from", nameFrom), ("to", nameTo))),
            ($"search phone \"{typedMobile}\"", () => AppPage(new ContactFilter { Q = typedMobile }),
                () => RawAsync(connection, $"SELECT {columns} FROM \"Contacts\" WHERE {notDeleted} AND \"Id\" IN (SELECT \"ContactId\" FROM \"PhoneNumbers\" WHERE \"NumberKey\" >= @from AND \"NumberKey\" < @to ORDER BY \"NumberKey\" LIMIT 2000) ORDER BY \"NameKey\", \"Id\" LIMIT 51",
                    ("from", phoneKey), ("to", phoneKey + '\uFFFF'))),
        };

        // For comparison: the list's LINQ form through EF Core, and EF Core's own floor, the same statements as compiled
        // queries (no query building, no cache look-up), timed the same way.
        async Task Drain(IAsyncEnumerable<ContactRow> rows)
        {
            await foreach (var _ in rows)
            {
            }
        }

        var (phoneFrom, phoneTo) = SearchKeys.PrefixRange(phoneKey);
        var references = new (string Name, Func<Task> Compiled, Func<Task> Raw)[]
        {
            ("(compiled EF query, first page)", () => Drain(CompiledFirst(db, 51)), cases[0].Raw),
            ("(compiled EF query, phone)", () => Drain(CompiledPhone(db, phoneFrom, phoneTo, 51)), cases[3].Raw),
            ("(LINQ form, first page)", () => ContactSearch.PageAsync(db, user, new ContactFilter(), ContactsController.PageSize, CancellationToken.None), cases[0].Raw),
            ("(LINQ form, phone)", () => ContactSearch.PageAsync(db, user, new ContactFilter { Q = typedMobile }, ContactsController.PageSize, CancellationToken.None), cases[3].Raw),
        };

        Console.WriteLine();
        Console.WriteLine($"garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}; app and raw SQL timed in turns");
        Console.WriteLine($"{"query (1M contacts)",-34} {"app p50 ms",11} {"raw p50 ms",11} {"app/raw",8}");
        foreach (var (name, appQuery, rawQuery) in cases.Concat(references))
        {
            var (appP50, rawP50) = await PairedP50Async(appQuery, rawQuery, iterations);
            Console.WriteLine($"{name,-34} {appP50,11:0.000} {rawP50,11:0.000} {appP50 / rawP50,7:0.00}x");
        }

        if (Environment.GetEnvironmentVariable("CRM_BENCH_HOLD_QUERY") is { Length: > 0 } held)
        {
            // Keeps one query running so a sampling profiler can be attached to this process.
            Console.WriteLine($"holding query {held} for 20 s, pid {Environment.ProcessId}");
            var until = Stopwatch.StartNew();
            while (until.Elapsed < TimeSpan.FromSeconds(20))
            {
                var index = int.Parse(held, System.Globalization.CultureInfo.InvariantCulture);
                await (index < cases.Length ? cases[index].App : references[index - cases.Length].Compiled)();
            }
        }

        var (lastPage, first) = await PairedP50Async(cases[1].App, cases[0].App, iterations);
        Console.WriteLine($"deepest page / first page (app, timed in turns): {lastPage / first:0.00}x");
    }

    /// <summary>The list's first page as a compiled query: what EF Core costs with no query building at all.</summary>
    private static readonly Func<CrmDbContext, int, IAsyncEnumerable<ContactRow>> CompiledFirst = EF.CompileAsyncQuery((CrmDbContext db, int take) =>
        db.Set<Contact>().AsNoTracking().OrderBy(c => c.NameKey).ThenBy(c => c.Id).Take(take)
            .Select(c => new ContactRow(c.Id, c.FullName, c.PrimaryPhone, c.PrimaryEmail, c.City, c.Source, c.Rating, c.OwnerId)));

    /// <summary>The phone search as a compiled query, the same statement as the app's.</summary>
    private static readonly Func<CrmDbContext, string, string, int, IAsyncEnumerable<ContactRow>> CompiledPhone = EF.CompileAsyncQuery((CrmDbContext db, string from, string to, int take) =>
        db.Set<Contact>().AsNoTracking()
            .Where(c => db.Set<PhoneEntry>().Where(p => p.ContactId != null && string.Compare(p.NumberKey, from) >= 0 && string.Compare(p.NumberKey, to) < 0)
                .OrderBy(p => p.NumberKey).Select(p => p.ContactId!.Value).Take(ContactSearch.MaxMatches).Contains(c.Id))
            .OrderBy(c => c.NameKey).ThenBy(c => c.Id).Take(take)
            .Select(c => new ContactRow(c.Id, c.FullName, c.PrimaryPhone, c.PrimaryEmail, c.City, c.Source, c.Rating, c.OwnerId)));

    private static Task<KeysetPage<ContactRow>> AppPageAsync(CrmDbContext db, ICurrentUser user, ContactFilter filter) =>
        ContactListStatement.PageAsync(db, user, filter, ContactsController.PageSize, CancellationToken.None);

    /// <summary>
    /// The reference: the statement run by hand on the same open connection, each row read with typed getters into
    /// the same row record the app builds (SQLite keeps ids as text, so both sides parse them).
    /// </summary>
    private static async Task<List<ContactRow>> RawAsync(DbConnection connection, string sql, params (string Name, string Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<ContactRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ContactRow(reader.GetGuid(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4),
                (Crm.Modules.Contacts.Contracts.CustomerSource)reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetGuid(7)));
            _ = reader.GetString(8); // the sort key, which the app reads for the page cursors
        }

        return rows;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static async Task<double> P50Async(Func<Task> action, int iterations, int warmups = 20)
    {
        // Warm up by time, not by count: the JIT recompiles hot code with full optimisation only after it has run
        // for a while, and a server runs for days, so both sides are measured in that steady state.
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < warmups || warming.Elapsed < TimeSpan.FromSeconds(2); i++)
        {
            await action();
        }

        var timings = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(timings);
        return timings[iterations / 2];
    }

    /// <summary>
    /// The p50 of two actions timed in turns (a, b, a, b …) after warming both, so a drift in the machine's speed, the
    /// page cache or the garbage collector falls on both sides alike; on this machine separate runs drift by tens of percent.
    /// </summary>
    internal static async Task<(double A, double B)> PairedP50Async(Func<Task> a, Func<Task> b, int iterations, int warmups = 20)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < warmups || warming.Elapsed < TimeSpan.FromSeconds(2); i++)
        {
            await a();
            await b();
        }

        var (aTimes, bTimes) = (new double[iterations], new double[iterations]);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await a();
            aTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            await b();
            bTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(aTimes);
        Array.Sort(bTimes);
        return (aTimes[iterations / 2], bTimes[iterations / 2]);
    }

    private static async Task PagesAsync(string url, int contacts, int requests, string[] extraPages)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
        await HttpScenario.SignInAsync(client, AdminPassword);
        var mobile = MobileOf(contacts / 3);
        string[] pages = ["/Diagnostics/Floor", "/", "/Contacts/Contacts", "/Contacts/Contacts?last=true",
            "/Contacts/Contacts?q=" + Uri.EscapeDataString("+98 " + mobile[1..4] + " " + mobile[4..]), "/Contacts/Contacts?q=" + Uri.EscapeDataString("c" + (contacts / 4) + "@bench"), .. extraPages];
        foreach (var page in pages)
        {
            for (var i = 0; i < 200; i++)
            {
                (await client.GetAsync(page)).EnsureSuccessStatusCode();
            }
        }

        await HttpScenario.ProfileIfAskedAsync(client);
        Console.WriteLine();
        await HttpScenario.CompareToFloorAsync(client, pages, requests);
    }

    private static async Task ImportAsync(IServiceProvider services, string dataFolder, int leads, bool postgres)
    {
        var spreadsheets = services.GetRequiredService<ISpreadsheets>();
        var files = services.GetRequiredService<ImportFiles>();
        var source = Path.Combine(dataFolder, "leads.xlsx");
        var faker = new Faker("fa");
        await using (var output = File.Create(source))
        {
            await spreadsheets.WriteXlsxAsync(output, "leads", ["نام و نام خانوادگی", "موبایل", "ایمیل", "شرکت", "شهر"], Rows(), true, CancellationToken.None);
        }

        async IAsyncEnumerable<object?[]> Rows()
        {
            for (var i = 0; i < leads; i++)
            {
                yield return [faker.Name.FullName(), "0935" + (1_000_000 + i), $"lead{i}@bench.example", faker.Company.CompanyName(), faker.Address.City()];
                await Task.CompletedTask;
            }
        }

        Console.WriteLine();
        Console.WriteLine($"import of {leads:N0} leads from a {new FileInfo(source).Length / 1024.0 / 1024.0:0.0} MB .xlsx");

        // Parsing alone, which also warms the reader and the file cache for both runs below.
        var parse = Stopwatch.StartNew();
        using (var reader = spreadsheets.Open(source))
        {
            var cells = reader.Rows().Sum(r => r.Cells.Length);
            parse.Stop();
            Console.WriteLine($"{"parse only",-40} {parse.Elapsed.TotalSeconds,7:0.00} s ({cells:N0} cells)");
        }

        // Ceiling: parse the same file and insert the rows with raw batched SQL, the fastest plain way for each database:
        // one prepared single-row INSERT reused per row on SQLite, one multi-row INSERT per batch on PostgreSQL,
        // a transaction per thousand rows on both.
        var ceiling = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            using var reader = spreadsheets.Open(source);
            var batch = new List<string?[]>(1000);
            foreach (var (_, cells) in reader.Rows())
            {
                batch.Add(cells);
                if (batch.Count == 1000)
                {
                    await InsertRawAsync(connection, batch, postgres);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await InsertRawAsync(connection, batch, postgres);
            }

            ceiling.Stop();
            await using var clear = connection.CreateCommand();
            clear.CommandText = "DELETE FROM \"Leads\"";
            await clear.ExecuteNonQueryAsync();
        }

        // The app: the import pipeline as the background job runs it (streamed reading, mapping, validation,
        // duplicate checks against leads and contacts, batched saves, progress and report).
        Guid importId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var admin = await db.Set<Crm.Modules.Identity.Domain.ApplicationUser>().Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
            var run = new ImportRun
            {
                TargetKey = "leads", FileName = "leads.xlsx", StoredName = "bench-leads.xlsx", UserId = admin, SeesAllRecords = true, Culture = "fa-IR",
                HeadersJson = "[]", MappingJson = "[\"FullName\",\"Mobile\",\"Email\",\"Company\",\"City\"]", Status = ImportStatus.Queued, CreatedAt = DateTime.UtcNow,
            };
            await using (var copy = File.OpenRead(source))
            {
                await files.SaveAsync(run, copy, CancellationToken.None);
            }

            db.ImportRuns.Add(run);
            await db.SaveChangesAsync();
            importId = run.Id;
        }

        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var app = Stopwatch.StartNew();
        await services.GetRequiredService<ImportRunner>().RunQueuedAsync(CancellationToken.None);
        app.Stop();
        await using (var scope = services.CreateAsyncScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ImportRuns.SingleAsync(r => r.Id == importId);
            Console.WriteLine($"app import: {run.Status}, created {run.CreatedCount:N0}, failed {run.FailedCount:N0}, skipped {run.SkippedCount:N0}");
        }

        Console.WriteLine($"{"ceiling (parse + raw batched INSERT)",-40} {ceiling.Elapsed.TotalSeconds,7:0.00} s {leads / ceiling.Elapsed.TotalSeconds,9:0} rows/s");
        Console.WriteLine($"{"app import pipeline",-40} {app.Elapsed.TotalSeconds,7:0.00} s {leads / app.Elapsed.TotalSeconds,9:0} rows/s");
        Console.WriteLine($"app / ceiling throughput: {ceiling.Elapsed.TotalSeconds / app.Elapsed.TotalSeconds:0.00}x   (peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB, {before / 1024 / 1024} MB before the import)");
    }

    private const string LeadColumns = "\"Id\", \"FirstName\", \"LastName\", \"FullName\", \"NameKey\", \"Mobile\", \"Email\", \"Company\", \"City\", \"Source\", \"Status\", \"Rating\", \"Priority\", \"CreatedAt\", \"IsDeleted\", \"Version\"";

    private static async Task InsertRawAsync(DbConnection connection, List<string?[]> rows, bool postgres)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var now = DateTime.UtcNow;
        if (postgres)
        {
            var values = new List<string>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                values.Add($"(@id{i}, @n{i}, '', @n{i}, @n{i}, @m{i}, @e{i}, @c{i}, @t{i}, 9, 0, 0, 1, @at, false, @v{i})");
                AddRow(command, rows[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            Add(command, "at", now);
            command.CommandText = $"INSERT INTO \"Leads\" ({LeadColumns}) VALUES " + string.Join(", ", values);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            command.CommandText = $"INSERT INTO \"Leads\" ({LeadColumns}) VALUES (@id, @n, '', @n, @n, @m, @e, @c, @t, 9, 0, 0, 1, @at, 0, @v)";
            AddRow(command, rows[0], "");
            Add(command, "at", now);
            await command.PrepareAsync();
            foreach (var row in rows)
            {
                command.Parameters["@id"].Value = Guid.CreateVersion7();
                command.Parameters["@n"].Value = row.ElementAtOrDefault(0) ?? "";
                command.Parameters["@m"].Value = (object?)row.ElementAtOrDefault(1) ?? DBNull.Value;
                command.Parameters["@e"].Value = (object?)row.ElementAtOrDefault(2) ?? DBNull.Value;
                command.Parameters["@c"].Value = (object?)row.ElementAtOrDefault(3) ?? DBNull.Value;
                command.Parameters["@t"].Value = (object?)row.ElementAtOrDefault(4) ?? DBNull.Value;
                command.Parameters["@v"].Value = Guid.NewGuid();
                await command.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    private static void AddRow(DbCommand command, string?[] row, string suffix)
    {
        Add(command, "id" + suffix, Guid.CreateVersion7());
        Add(command, "n" + suffix, row.ElementAtOrDefault(0) ?? "");
        Add(command, "m" + suffix, (object?)row.ElementAtOrDefault(1) ?? DBNull.Value);
        Add(command, "e" + suffix, (object?)row.ElementAtOrDefault(2) ?? DBNull.Value);
        Add(command, "c" + suffix, (object?)row.ElementAtOrDefault(3) ?? DBNull.Value);
        Add(command, "t" + suffix, (object?)row.ElementAtOrDefault(4) ?? DBNull.Value);
        Add(command, "v" + suffix, Guid.NewGuid());
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
