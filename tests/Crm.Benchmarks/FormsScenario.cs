using System.Data.Common;
using System.Text.RegularExpressions;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;
using Crm.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Crm.Benchmarks;

/// <summary>
/// Forms against their goals: the submissions list at a million submissions (first, deepest and filtered-by-field pages)
/// against the same statements read by hand (goal ≤ 1.5×), and public form posts per second (the fill token's check,
/// every field's validation, the contact lookup by mobile, half of them creating a contact, and the insert) against the
/// floor page's requests per second (goal ≥ 0.3×).
/// </summary>
public static partial class FormsScenario
{
    private const string Fields = """
        [
          {"Key":"name","Type":"ShortText","LabelFa":"نام","Required":true,"ContactPart":"FullName"},
          {"Key":"mobile","Type":"Mobile","LabelFa":"همراه","Required":true},
          {"Key":"kind","Type":"Dropdown","LabelFa":"نوع","Required":true,"Options":[{"Value":"order","LabelFa":"سفارش"},{"Value":"complaint","LabelFa":"شکایت"}]},
          {"Key":"note","Type":"LongText","LabelFa":"توضیح"},
          {"Key":"status","Type":"Dropdown","LabelFa":"وضعیت","StaffFills":true,"IsStatus":true,"Default":"new","Options":[{"Value":"new","LabelFa":"تازه"},{"Value":"done","LabelFa":"انجام شد"}]}
        ]
        """;

    public static async Task RunAsync(BenchOptions options)
    {
        var count = options.GetInt("submissions", 1_000_000);
        var contacts = options.GetInt("contacts", 100_000);
        var posts = options.GetInt("posts", 2_000);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        // The production limits stay (20 an hour from an address, 120 a minute per form): the posts are spread over forms
        // of the same fields, so none is refused and each limit check counts what it counts on a real form.
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url, new Dictionary<string, string>
        {
            ["Forms:MinFillSeconds"] = "0",
        });
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            var seeding = Stopwatch.StartNew();
            await CustomersScenario.SeedContactsAsync(app.Services, contacts);
            var (formId, _) = await SeedAsync(app.Services, count);
            await database.AnalyzeAsync();
            Console.WriteLine($"provider {database.Provider}: {contacts:N0} contacts, {count:N0} submissions of one form seeded in {seeding.Elapsed.TotalSeconds:N0} s");
            await ListAsync(app.Services, formId, count);
            await HandlerAsync(app.Services, formId, contacts);
            var postForms = await PostFormsAsync(app.Services, Math.Max(1, posts / 4));
            await PostsAsync(url, postForms, contacts, posts, options.GetInt("post-concurrency", 8));
            await NewsletterAsync(app.Services, options.GetInt("recipients", 10_000));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<(Guid FormId, string Key)> SeedAsync(IServiceProvider services, int count)
    {
        var form = new Form { Name = "Bench form", TitleFa = "فرم آزمون", PublicKey = "benchform", IsPublic = true, AddToContacts = true };
        var version = new FormVersion { FormId = form.Id, Number = 1, Fields = Fields, CreatedAt = DateTime.UtcNow };
        form.CurrentVersionId = version.Id;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.AddRange(form, version);
            await db.SaveChangesAsync();
        }

        var fields = FormFields.Read(Fields);
        const int batch = 5_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditOptions>().RecordChanges = false;
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var values = new Dictionary<string, string>
                {
                    ["name"] = "مشتری " + i, ["mobile"] = CustomersScenario.MobileOf(i), ["kind"] = i % 10 == 0 ? "complaint" : "order", ["status"] = "new",
                };
                var submission = new FormSubmission
                {
                    FormId = form.Id, VersionId = version.Id, Values = FormFields.WriteValues(values), Status = "new", Channel = SubmissionChannel.Public,
                    PersonKey = CustomersScenario.MobileOf(i)[1..], ContactName = "مشتری " + i,
                };
                db.Add(submission);
                db.AddRange(FormSubmissions.SearchRows(submission, fields, values));
            }

            await db.SaveChangesAsync();
        }

        // Saving stamps each row with the time of the save; the seeded submissions are moved out of the limits' windows,
        // as a form's past submissions are, so the posts' limit checks count only the posts.
        await using (var scope = services.CreateAsyncScope())
        {
            var past = DateTime.UtcNow.AddHours(-2);
            await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<FormSubmission>().ExecuteUpdateAsync(u => u.SetProperty(x => x.CreatedAt, past));
        }

        return (form.Id, form.PublicKey);
    }

    private static async Task ListAsync(IServiceProvider services, Guid formId, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var list = scope.ServiceProvider.GetRequiredService<SubmissionList>();
        var fields = FormFields.Read(Fields);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        const string columns = "\"Id\", \"FormId\", \"CreatedAt\", \"ContactId\", \"ContactName\", \"Status\", \"Channel\", \"OwnerId\", \"CreatedBy\", \"Values\", \"Latitude\", \"Longitude\"";
        var form = FormLiteral(formId, db.Database.IsNpgsql());
        var where = $"NOT (\"IsDeleted\") AND \"FormId\" = {form}";
        var someone = "مشتری " + (count / 3);
        var cases = new (string Name, Func<Task> App, Func<Task> Raw)[]
        {
            ("first page (newest)", () => list.PageAsync(new SubmissionFilter { Form = formId }, fields, 50, CancellationToken.None),
                () => RawAsync(connection, $"SELECT {columns} FROM \"FormSubmissions\" WHERE {where} ORDER BY \"Id\" DESC LIMIT 51")),
            ("deepest page (oldest)", () => list.PageAsync(new SubmissionFilter { Form = formId, Last = true }, fields, 50, CancellationToken.None),
                () => RawAsync(connection, $"SELECT {columns} FROM \"FormSubmissions\" WHERE {where} ORDER BY \"Id\" LIMIT 51")),
            ("a field's value (1 in 10)", () => list.PageAsync(new SubmissionFilter { Form = formId, Field = "kind", Value = "complaint" }, fields, 50, CancellationToken.None),
                () => RawAsync(connection, $"SELECT {columns} FROM \"FormSubmissions\" s WHERE {where} AND EXISTS (SELECT 1 FROM \"FormSubmissionValues\" v WHERE v.\"FormId\" = {form} AND v.\"Field\" = 'kind' AND v.\"Value\" = 'complaint' AND v.\"SubmissionId\" = s.\"Id\") ORDER BY \"Id\" DESC LIMIT 51")),
            ("a name's beginning", () => list.PageAsync(new SubmissionFilter { Form = formId, Field = "name", Value = someone }, fields, 50, CancellationToken.None),
                () => RawAsync(connection, $"SELECT {columns} FROM \"FormSubmissions\" s WHERE {where} AND s.\"Id\" IN (SELECT v.\"SubmissionId\" FROM \"FormSubmissionValues\" v WHERE v.\"FormId\" = {form} AND v.\"Field\" = 'name' AND v.\"Value\" >= '{Key(someone)}' AND v.\"Value\" < '{Key(someone)}\uffff' ORDER BY v.\"Value\", v.\"SubmissionId\" LIMIT 2000) ORDER BY \"Id\" DESC LIMIT 51")),
        };
        foreach (var (name, appQuery, raw) in cases)
        {
            var (a, r) = await CustomersScenario.PairedP50Async(appQuery, raw, 200);
            Console.WriteLine($"  list {name,-26} app p50 {a,7:N2} ms   raw p50 {r,7:N2} ms   ratio {a / r:N2}×");
        }
    }

    private static string Key(string text) => Crm.SharedKernel.Text.PersianText.Key(text);

    private static string FormLiteral(Guid id, bool postgres) =>
        postgres ? $"'{id}'::uuid" : $"'{id.ToString().ToUpperInvariant()}'";

    private static async Task<int> RawAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<SubmissionRow>(51);
        while (await reader.ReadAsync())
        {
            rows.Add(new SubmissionRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), (SubmissionChannel)reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetGuid(8),
                reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetDouble(10), reader.IsDBNull(11) ? null : reader.GetDouble(11)));
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException("The raw statement found nothing: " + sql);
        }

        return rows.Count;
    }

    /// <summary>The submission command alone, in process (no HTTP, no token): what a post costs inside the app.</summary>
    private static async Task HandlerAsync(IServiceProvider services, Guid formId, int contacts)
    {
        var timings = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<Crm.SharedKernel.Messaging.IMediator>();
            var mobile = i % 2 == 0 ? CustomersScenario.MobileOf(i * 11 % contacts) : "0936" + (1_000_000 + i).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
            var typed = new Dictionary<string, string?> { ["name"] = "درون " + i, ["mobile"] = mobile, ["kind"] = "order", ["note"] = "سلام" };
            var started = Stopwatch.GetTimestamp();
            var outcome = await mediator.Send(new SubmitForm(formId, SubmissionChannel.Public, typed, [], null, "bench", null, null));
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!outcome.Done)
            {
                throw new InvalidOperationException(string.Join("; ", outcome.Errors.Values));
            }
        }

        timings.Sort();
        Console.WriteLine($"  the submission command alone: p50 {timings[timings.Count / 2]:N2} ms   p95 {timings[(int)(timings.Count * 0.95)]:N2} ms");
    }

    /// <summary>Public forms with the bench form's fields, for the posts (four each, within the production limits).</summary>
    private static async Task<string[]> PostFormsAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            var form = new Form { Name = "Post form " + i, TitleFa = "فرم ارسال " + i, PublicKey = "benchpost" + i, IsPublic = true, AddToContacts = true };
            var version = new FormVersion { FormId = form.Id, Number = 1, Fields = Fields, CreatedAt = DateTime.UtcNow };
            form.CurrentVersionId = version.Id;
            db.AddRange(form, version);
            keys[i] = form.PublicKey;
        }

        await db.SaveChangesAsync();
        return keys;
    }

    /// <summary>A newsletter issue with five news items sent to the most recipients a send takes: the rendering and every outbox row, in one transaction.</summary>
    private static async Task NewsletterAsync(IServiceProvider services, int recipients)
    {
        var form = new Form { Name = "Bench newsletter", TitleFa = "خبرنامه آزمون", PublicKey = "benchnews", Kind = FormKind.Newsletter, Template = NewsletterTemplate.Default(true, "ادامه") };
        var fields = FormFields.Write(NewsletterIssue.Fields(key => (key, key)));
        var version = new FormVersion { FormId = form.Id, Number = 1, Fields = fields, CreatedAt = DateTime.UtcNow };
        form.CurrentVersionId = version.Id;
        var items = Enumerable.Range(1, 5).Select(i => new NewsItem { Title = "خبر " + i, Text = new string('م', 600), Link = "https://www.example.com/news/" + i }).ToList();
        var issue = new FormSubmission
        {
            FormId = form.Id, VersionId = version.Id, Channel = SubmissionChannel.Staff,
            Values = FormFields.WriteValues(new Dictionary<string, string> { ["title"] = "شماره آزمون", ["number"] = "1", ["items"] = NewsItems.Write(items) }),
        };
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContext>();
            db.AddRange(form, version, issue);
            await db.SaveChangesAsync();
        }

        var addresses = string.Join('\n', Enumerable.Range(0, recipients).Select(i => $"reader{i}@news.example.com"));
        await using (var scope = services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<Crm.SharedKernel.Messaging.IMediator>();
            var started = Stopwatch.GetTimestamp();
            var outcome = await mediator.Send(new SendNewsletterIssue(Guid.NewGuid(), issue.Id, "خبرنامه آزمون", "fa", addresses, null, null));
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (!outcome.Done || outcome.Recipients != recipients)
            {
                throw new InvalidOperationException("The send did not queue every recipient: " + string.Join("; ", outcome.Errors.Values));
            }

            Console.WriteLine($"  a newsletter issue sent to {recipients:N0} recipients: {elapsed.TotalSeconds:N2} s to queue ({recipients / elapsed.TotalSeconds:N0} messages/s)");
        }
    }

    [GeneratedRegex("name=\"__fill\" value=\"([^\"]+)\"")]
    private static partial Regex FillToken();

    /// <summary>
    /// Public posts over HTTP, several at a time (8 unless told), spread over the post forms: each with its own page's token (fetched
    /// beforehand, so only the posts are timed), half with the mobile of a known contact and half with a new one; rounds of the floor
    /// page at the same concurrency between them.
    /// </summary>
    private static async Task PostsAsync(string url, string[] keys, int contacts, int posts, int concurrency)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
        var tokens = new string[posts];
        for (var i = 0; i < posts; i++)
        {
            tokens[i] = FillToken().Match(await client.GetStringAsync($"/f/{keys[i % keys.Length]}")).Groups[1].Value;
        }

        using var signedInHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var signedIn = new HttpClient(signedInHandler) { BaseAddress = new Uri(url) };
        await HttpScenario.SignInAsync(signedIn, CustomersScenario.AdminPassword);

        // Rounds of the floor page then the posts, so both see the machine in the same state; the median round counts.
        const int rounds = 5;
        var each = posts / rounds;
        var next = -1;
        var measured = new List<(double Posts, double Floor)>();
        for (var round = 0; round < rounds; round++)
        {
            var floor = await HttpScenario.MeasureAsync(signedIn, "/Diagnostics/Floor", each, concurrency);
            var last = (round + 1) * each;
            var timer = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < last)
                {
                    var mobile = i % 2 == 0 ? CustomersScenario.MobileOf(i * 7 % contacts) : "0935" + (1_000_000 + i).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
                    using var content = new FormUrlEncodedContent(
                    [
                        new(FormProtection.TokenField, tokens[i]), new("name", "بازدیدکننده " + i), new("mobile", mobile), new("kind", "order"), new("note", "سلام، لطفاً تماس بگیرید."),
                    ]);
                    using var response = await client.PostAsync($"/f/{keys[i % keys.Length]}", content);
                    if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
                    {
                        throw new InvalidOperationException($"post {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }));
            next = last - 1;
            measured.Add((each / timer.Elapsed.TotalSeconds, floor.Throughput));
        }

        var median = measured.OrderBy(m => m.Posts / m.Floor).ElementAt(rounds / 2);
        Console.WriteLine($"  public form posts ({concurrency} at a time): {median.Posts:N1}/s   floor page: {median.Floor:N1} req/s   ratio {median.Posts / median.Floor:N2}× (median of {rounds} rounds)");
    }
}
