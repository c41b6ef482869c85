using System.Diagnostics;
using System.Net;
using Crm.Infrastructure.Imports;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Security;

namespace Crm.IntegrationTests;

/// <summary>
/// Files made to hurt the import wizard (a far column, a zip bomb, a DTD, a truncated workbook) and forms made to hurt
/// the server: each is refused with a clear message, leaves no file behind, and costs bounded memory.
/// </summary>
public abstract class ImportDefenceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    [Theory]
    [InlineData("far-column", "فایل بیش از ۲۰۰ ستون دارد.")]
    [InlineData("bomb", "این فایل بسیار بیش از اندازهٔ یک صفحه‌گسترده باز می‌شود")]
    [InlineData("dtd", "فایل خوانده نشد.")]
    [InlineData("truncated", "فایل خوانده نشد.")]
    public async Task A_hostile_or_broken_workbook_is_refused_clearly_with_bounded_memory_and_no_file_left(string kind, string message)
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var content = kind switch
        {
            "far-column" => CraftedSheets.FarColumn(),
            "bomb" => CraftedSheets.Bomb(1100),
            "dtd" => CraftedSheets.WithDtd(),
            _ => CraftedSheets.Truncated(),
        };
        var runsBefore = App.Query(db => db.ImportRuns.Count());
        GC.Collect();
        var memoryBefore = Process.GetCurrentProcess().WorkingSet64;

        var token = await rep.TokenFrom("/Imports/New?target=leads");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("leads"), "target" },
            { new ByteArrayContent(content), "file", kind + ".xlsx" },
        };
        var upload = await rep.PostAsync("/Imports/Upload", form);

        Process.GetCurrentProcess().Refresh();
        (Process.GetCurrentProcess().PeakWorkingSet64 - memoryBefore).ShouldBeLessThan(300L * 1024 * 1024, "reading the file must not take the server's memory");
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.GetStringAsync(upload.Headers.Location!.ToString())).ShouldContain(message);
        App.Query(db => db.ImportRuns.Count()).ShouldBe(runsBefore);
        var folder = Path.Combine(App.DataFolder, "imports");
        (Directory.Exists(folder) ? Directory.GetFiles(folder) : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_form_with_too_many_fields_or_a_huge_key_gets_a_clear_400()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var token = await rep.TokenFrom("/Contacts/Contacts/Create");
        var many = Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create($"f{i}", "x")).Append(KeyValuePair.Create("__RequestVerificationToken", token));
        var response = await rep.PostAsync("/Contacts/Contacts/Save", new FormUrlEncodedContent(many));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<html lang=\"fa\" dir=\"rtl\">");

        var hugeKey = await rep.PostAsync("/Contacts/Contacts/Save", new FormUrlEncodedContent([KeyValuePair.Create(new string('k', 3000), "v"), KeyValuePair.Create("__RequestVerificationToken", token)]));
        hugeKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_sheet_over_the_row_limit_is_refused_at_upload()
    {
        using var app = new CrmAppFactory(App.Provider, new Dictionary<string, string> { ["Imports:MaxRows"] = "10" });
        await app.CreateUserAsync("rowsrep", CrmRoles.SalesRep, TestSupport.Password, await app.NewTeamAsync());
        var rep = app.Browser();
        await rep.SignInOk("rowsrep", TestSupport.Password);
        var csv = "Name,Mobile\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"Person {i},0912{1000000 + i}\n"));
        var token = await rep.TokenFrom("/Imports/New?target=leads");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("leads"), "target" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "many.csv" },
        };
        var upload = await rep.PostAsync("/Imports/Upload", form);
        (await rep.GetStringAsync(upload.Headers.Location!.ToString())).ShouldContain("فایل بیش از ۱۰ سطر دارد.");
    }

    [Fact]
    public async Task A_run_into_a_target_the_user_may_not_import_into_is_not_shown_to_them()
    {
        var name = TestSupport.Unique("support");
        var agent = await App.CreateUserAsync(name, CrmRoles.SupportAgent, TestSupport.Password);
        var client = App.Browser();
        await client.SignInOk(name, TestSupport.Password);
        // The agent's own run into contacts, as if started while the agent's role could import contacts.
        var run = new ImportRun
        {
            TargetKey = "contacts", FileName = "old.csv", StoredName = "gone.csv", Culture = "fa-IR", UserId = agent.Id,
            Status = ImportStatus.Completed, TotalRows = 2, ProcessedRows = 2, CreatedCount = 1, FailedCount = 1, CreatedAt = DateTime.UtcNow,
        };
        await App.QueryAsync(async db =>
        {
            db.ImportRuns.Add(run);
            db.ImportIssues.Add(new ImportIssue { ImportId = run.Id, RowNumber = 2, Outcome = ImportOutcome.Failed, Reason = "شمارهٔ همراه نامعتبر" });
            return await db.SaveChangesAsync();
        });

        (await client.GetAsync($"/Imports/Progress/{run.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/Imports/Status/{run.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/Imports/Issues/{run.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        (await admin.GetAsync($"/Imports/Progress/{run.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync($"/Imports/Status/{run.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync($"/Imports/Issues/{run.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void Errors_are_stored_as_keys_the_progress_page_reads_in_either_language()
    {
        var (key, numbers) = ImportErrors.Parse(ImportErrors.StoppedAt(963))!.Value;
        key.ShouldBe("Import_StoppedAt");
        numbers.ShouldBe([963L]);
        ImportErrors.Parse("XmlException: something").ShouldBeNull();
    }
}

public sealed class SqliteImportDefenceTests(SqliteAppFixture fixture) : ImportDefenceTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresImportDefenceTests(PostgresAppFixture fixture) : ImportDefenceTests<PostgresAppFixture>(fixture);

/// <summary>Imports share the instance fairly: one user's large file runs in one slot while another's small one goes on in the next (PostgreSQL).</summary>
public abstract class ImportFairnessTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    [Fact]
    public async Task A_large_import_does_not_hold_back_another_users_small_one()
    {
        var big = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var small = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var rows = new System.Text.StringBuilder("Name,Mobile\n");
        for (var i = 0; i < 60_000; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"Big {i},0913{2_000_000 + i}\n");
        }

        var (bigMap, _) = await TestSupport.UploadAsync(big, "leads", "big.csv", System.Text.Encoding.UTF8.GetBytes(rows.ToString()));
        (await big.PostForm(bigMap, bigMap, ("mapping[0]", "FullName"), ("mapping[1]", "Mobile"), ("duplicates", "Create"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bigId = Guid.Parse(bigMap.Split('/').Last());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (App.Query(db => db.ImportRuns.Single(r => r.Id == bigId).Status) != ImportStatus.Running)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the large import did not start");
            await Task.Delay(20);
        }

        var (smallMap, _) = await TestSupport.UploadAsync(small, "leads", "small.csv", "Name,Mobile\nSmall One,09134000001\nSmall Two,09134000002\n"u8.ToArray());
        var done = await TestSupport.RunImportAsync(small, smallMap, ["FullName", "Mobile"], "Create");
        done.GetProperty("created").GetInt32().ShouldBe(2);
        App.Query(db => db.ImportRuns.Single(r => r.Id == bigId).Status).ShouldBe(ImportStatus.Running, "the small import finished while the large one still ran");
    }
}

// Not on SQLite: it has one writer, and the large import's back-to-back batch transactions keep the small one's writes
// waiting, so there the slots share the database in turns rather than side by side.
[Trait("Category", "Postgres")]
public sealed class PostgresImportFairnessTests(PostgresAppFixture fixture) : ImportFairnessTests<PostgresAppFixture>(fixture);
