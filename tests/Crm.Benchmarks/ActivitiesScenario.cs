using System.Data.Common;
using Stopwatch = System.Diagnostics.Stopwatch;
using Bogus;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Activities.Features;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Crm.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// Timelines at scale, on SQLite or PostgreSQL: 100,000 contacts carrying a million activities (one busy customer with
/// 2,000), a system tag on every call and a public tag on one activity in twenty. A record's timeline page is timed
/// through the app's own code against the same page read with raw SQL; the record page, "My day", the calendar and a
/// tag's page over HTTP against the floor page; and the reminder job delivering 10,000 due reminders.
/// </summary>
public static class ActivitiesScenario
{
    private const int BusyActivities = 2_000;

    public static async Task RunAsync(BenchOptions options)
    {
        var contacts = options.GetInt("contacts", 100_000);
        var activities = options.GetInt("activities", 1_000_000);
        var iterations = options.GetInt("queries", 200);
        var requests = options.GetInt("requests", 1_000);
        var reminders = options.GetInt("reminders", 10_000);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            Console.WriteLine($"provider {database.Provider}: seeding {contacts:N0} contacts and {activities:N0} activities …");
            var seeding = Stopwatch.StartNew();
            await CustomersScenario.SeedContactsAsync(app.Services, contacts);
            var seeded = await SeedActivitiesAsync(app.Services, activities, reminders);
            Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0} s");
            await database.AnalyzeAsync();

            await QueriesAsync(app.Services, seeded, iterations, database.Postgres);
            await PagesAsync(url, seeded, requests);
            await RemindersAsync(app.Services, seeded, reminders);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed record Seeded(Guid Typical, Guid Busy, Guid VipTag, Guid AdminId, DateTime Now);

    /// <summary>Activities over the last two years, in batches on fresh contexts without the audit trail.</summary>
    private static async Task<Seeded> SeedActivitiesAsync(IServiceProvider services, int count, int reminders)
    {
        var faker = new Faker("fa");
        var now = DateTime.UtcNow;
        List<Guid> contactIds;
        Guid adminId;
        Tag vip;
        Guid callTag;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            contactIds = await db.Set<Contact>().AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            adminId = await db.Set<ApplicationUser>().Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
            vip = new Tag { Kind = Crm.Modules.Tags.Contracts.TagKind.Public, Approved = true, Color = "warning" };
            vip.Rename("مشتری ویژه");
            var call = Tag.ForSystem(Crm.Modules.Tags.Contracts.SystemTags.Call);
            db.AddRange(vip, call);
            await db.SaveChangesAsync();
            callTag = call.Id;
        }

        var busy = contactIds[contactIds.Count / 2];
        var typical = contactIds[contactIds.Count / 3];
        const int batch = 10_000;
        var kinds = new[] { ActivityKind.Call, ActivityKind.Note, ActivityKind.Call, ActivityKind.Task, ActivityKind.Meeting, ActivityKind.Event };
        for (var done = 0; done < count; done += batch)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditOptions>().RecordChanges = false;
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var kind = kinds[i % kinds.Length];
                var planned = kind is ActivityKind.Task or ActivityKind.Meeting;
                var activity = new Activity
                {
                    Kind = kind,
                    RecordType = RecordTypes.Contact,
                    RecordId = i < BusyActivities ? busy : contactIds[i % contactIds.Count],
                    Subject = faker.Lorem.Sentence(4),
                    Body = i % 3 == 0 ? faker.Lorem.Sentence(12) : null,
                    OccurredAt = now.AddMinutes(-(i * 1.05) % (2 * 365 * 24 * 60)).AddDays(planned ? 3 : 0),
                    Direction = kind == ActivityKind.Call ? CallDirection.Outgoing : null,
                    Outcome = kind == ActivityKind.Call ? CallOutcome.Reached : null,
                    DurationSeconds = kind == ActivityKind.Call ? 240 : null,
                    // The administrator has a realistic few hundred planned items; the rest belong to other people.
                    AssigneeId = planned ? (i % 2_000 < 2 ? adminId : Guid.CreateVersion7()) : null,
                    CompletedAt = planned && i % 4 != 0 ? now.AddDays(-1) : null,
                };
                if (planned && i < reminders * 3)
                {
                    // Reminders due a minute after "now", for the reminder job to deliver in one go.
                    activity.RemindAt = now.AddMinutes(1);
                    activity.CompletedAt = null;
                }

                db.Add(activity);
                if (kind == ActivityKind.Call)
                {
                    db.Add(new TagLink { TagId = callTag, RecordType = RecordTypes.Activity, RecordId = activity.Id, CreatedAt = activity.OccurredAt });
                }

                if (i % 20 == 0)
                {
                    db.Add(new TagLink { TagId = vip.Id, RecordType = RecordTypes.Activity, RecordId = activity.Id, CreatedAt = activity.OccurredAt });
                }
            }

            await db.SaveChangesAsync();
        }

        return new Seeded(typical, busy, vip.Id, adminId, now);
    }

    private static async Task QueriesAsync(IServiceProvider services, Seeded seeded, int iterations, bool postgres)
    {
        await using var scope = services.CreateAsyncScope();
        var timeline = scope.ServiceProvider.GetRequiredService<Timeline>();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        string Id(Guid id) => postgres ? id.ToString() : id.ToString().ToUpperInvariant();
        var page = postgres
            ? "SELECT * FROM \"Activities\" WHERE NOT \"IsDeleted\" AND \"RecordType\" = 'Contact' AND \"RecordId\" = @id::uuid ORDER BY \"OccurredAt\" DESC, \"Id\" DESC LIMIT 21"
            : "SELECT * FROM \"Activities\" WHERE NOT \"IsDeleted\" AND \"RecordType\" = 'Contact' AND \"RecordId\" = @id ORDER BY \"OccurredAt\" DESC, \"Id\" DESC LIMIT 21";

        Console.WriteLine();
        Console.WriteLine($"{"timeline page (1M activities)",-40} {"app p50 ms",11} {"raw p50 ms",11} {"app/raw",8}");
        foreach (var (name, record, filter) in new[]
        {
            ("typical customer, first page", seeded.Typical, new TimelineFilter(null, null, 1)),
            ($"busy customer ({BusyActivities:N0}), first page", seeded.Busy, new TimelineFilter(null, null, 1)),
            ("busy customer, page 50", seeded.Busy, new TimelineFilter(null, null, 50)),
            ("busy customer, calls only", seeded.Busy, new TimelineFilter(ActivityKind.Call, null, 1)),
            ("busy customer, one tag", seeded.Busy, new TimelineFilter(null, seeded.VipTag, 1)),
        })
        {
            var appP50 = await CustomersScenario.P50Async(() => timeline.ReadAsync(new RecordRef(RecordTypes.Contact, record), filter, CancellationToken.None), iterations);
            var rawP50 = await CustomersScenario.P50Async(() => ReadAllAsync(connection, page, Id(record)), iterations);
            Console.WriteLine($"{name,-40} {appP50,11:0.000} {rawP50,11:0.000} {appP50 / rawP50,7:0.00}x");
        }
    }

    /// <summary>The reference: the first page of a timeline read by hand, every column of every row.</summary>
    private static async Task ReadAllAsync(DbConnection connection, string sql, string id)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
        }
    }

    private static async Task PagesAsync(string url, Seeded seeded, int requests)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
        await HttpScenario.SignInAsync(client, CustomersScenario.AdminPassword);
        string[] pages = ["/Diagnostics/Floor", $"/Contacts/Contacts/Details/{seeded.Typical}", $"/Contacts/Contacts/Details/{seeded.Busy}",
            $"/Contacts/Contacts/Details/{seeded.Busy}?tl_tag={seeded.VipTag}", "/Activities/MyDay", "/Activities/Calendar", $"/Tags/Tags/Show/{seeded.VipTag}"];
        foreach (var page in pages)
        {
            for (var i = 0; i < 200; i++)
            {
                (await client.GetAsync(page)).EnsureSuccessStatusCode();
            }
        }

        await HttpScenario.ProfileIfAskedAsync(client, path => path.Replace("{typical}", seeded.Typical.ToString(), StringComparison.Ordinal)
            .Replace("{busy}", seeded.Busy.ToString(), StringComparison.Ordinal).Replace("{tag}", seeded.VipTag.ToString(), StringComparison.Ordinal));
        Console.WriteLine();
        await HttpScenario.CompareToFloorAsync(client, pages, requests);
    }

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    private static async Task RemindersAsync(IServiceProvider services, Seeded seeded, int reminders)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var started = Stopwatch.StartNew();
        await ActivatorUtilities.CreateInstance<ReminderJob>(scope.ServiceProvider, new FixedClock(seeded.Now.AddMinutes(2))).ExecuteAsync(CancellationToken.None);
        var elapsed = started.Elapsed.TotalSeconds;
        var delivered = await db.Set<Activity>().CountAsync(a => a.ReminderSentAt != null);
        Console.WriteLine();
        Console.WriteLine($"reminder job: {delivered:N0} due reminders delivered in one run in {elapsed:0.0} s ({delivered / elapsed:0} a second; about {reminders:N0} seeded)");
    }
}
