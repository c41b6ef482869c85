using System.Net;
using Crm.Infrastructure.Caching;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Identity.Features;
using Crm.SharedKernel.Caching;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.IntegrationTests;

/// <summary>
/// Two app instances on one PostgreSQL database, each with a data folder of its own: what one makes (keys, cookies,
/// form tokens, files) the other reads, and a change saved in one drops the other's cached copies within a second.
/// The hosts run in this process; <c>ClusterTests</c> runs them as processes behind nginx.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ScaleOutTests(ScaleOutTests.Instances instances) : IClassFixture<ScaleOutTests.Instances>
{
    private readonly CrmAppFactory _root = instances.Root;
    private readonly WebApplicationFactory<Program> _a = instances.A;
    private readonly WebApplicationFactory<Program> _b = instances.B;
    private readonly CookieContainer _jar = new();

    /// <summary>The database and its two instances, started once for the class.</summary>
    public sealed class Instances : IDisposable
    {
        public Instances()
        {
            A = Instance("a");
            B = Instance("b");
            _ = A.Server;
            _ = B.Server;
        }

        public CrmAppFactory Root { get; } = new(DatabaseProviders.PostgreSql, new Dictionary<string, string> { ["Files:Store"] = "Database" });

        public WebApplicationFactory<Program> A { get; }

        public WebApplicationFactory<Program> B { get; }

        public string Folder(string instance) => Path.Combine(Root.DataFolder, instance);

        public void Dispose()
        {
            A.Dispose();
            B.Dispose();
            NpgsqlConnection.ClearAllPools();
            Root.Dispose();
        }

        private WebApplicationFactory<Program> Instance(string name) =>
            Root.WithWebHostBuilder(b => b.UseSetting("DataFolder", Folder(name)));
    }

    [Fact]
    public async Task A_key_cookie_and_form_token_made_by_one_instance_are_read_by_the_other()
    {
        var secret = _a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out").Protect("made in a");
        _b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out").Unprotect(secret).ShouldBe("made in a");

        // Signed in on A; the page (its form token and anti-forgery cookie) from A; the post to B.
        var onA = Client(_a);
        var onB = Client(_b);
        await onA.SignInOk("admin", CrmAppFactory.AdminPassword);
        (await onB.GetAsync("/Identity/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await onA.TokenFrom("/Identity/Teams");
        var team = TestSupport.Unique("team");
        var created = await onB.PostAsync("/Identity/Teams/Create", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = team, ["__RequestVerificationToken"] = token }));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _root.Query(db => db.Set<Team>().Count(t => t.Name == team)).ShouldBe(1);

        // No instance kept keys of its own.
        foreach (var folder in new[] { Folder("a"), Folder("b") })
        {
            Directory.Exists(Path.Combine(folder, "keys")).ShouldBeFalse();
        }

        _root.Query(db => db.DataProtectionKeys.Count()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_save_in_one_instance_drops_the_cached_staff_and_cache_entries_of_the_other_within_a_second()
    {
        var user = await _root.CreateUserAsync(TestSupport.Unique("rep"), CrmRoles.SalesRep, TestSupport.Password);
        async Task<string> NameInB()
        {
            using var scope = _b.Services.CreateScope();
            var directory = _b.Services.GetRequiredService<StaffDirectory>();
            return (await directory.ByIdAsync(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), CancellationToken.None))[user.Id].DisplayName;
        }

        var before = await NameInB();
        using (var scope = _a.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var saved = await users.FindByIdAsync(user.Id.ToString());
            saved!.DisplayName = "Renamed " + before;
            (await users.UpdateAsync(saved)).Succeeded.ShouldBeTrue();
        }

        await Within(TimeSpan.FromSeconds(1), async () => await NameInB() == "Renamed " + before, "B still shows the old name");

        var cacheB = _b.Services.GetRequiredService<IMemoryCache>();
        cacheB.Set("scale-out:entry", 42, TimeSpan.FromMinutes(10));
        _a.Services.GetRequiredService<ISharedCacheInvalidation>().Remove("scale-out:entry");
        await Within(TimeSpan.FromSeconds(1), () => Task.FromResult(!cacheB.TryGetValue("scale-out:entry", out _)), "B kept the entry A dropped");
    }

    [Fact]
    public async Task A_role_change_saved_by_one_instance_applies_to_the_next_request_the_other_serves()
    {
        var name = TestSupport.Unique("manager");
        var user = await _root.CreateUserAsync(name, CrmRoles.SalesManager, TestSupport.Password);
        var rep = Client(_b);
        await rep.SignInOk(name, TestSupport.Password);
        (await rep.GetAsync("/Reports/Reports/Team")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var heard = _b.Services.GetRequiredService<ClusterSignals>().Received;
        using (var scope = _a.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var saved = await users.FindByIdAsync(user.Id.ToString());
            (await users.RemoveFromRoleAsync(saved!, CrmRoles.SalesManager)).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(saved!, CrmRoles.SalesRep)).Succeeded.ShouldBeTrue();
            (await users.UpdateSecurityStampAsync(saved!)).Succeeded.ShouldBeTrue(); // as the users page does
        }

        // The notice travels in milliseconds; the request after it is the user's next one.
        await Within(TimeSpan.FromSeconds(1), () => Task.FromResult(_b.Services.GetRequiredService<ClusterSignals>().Received > heard), "B heard nothing");
        var next = await rep.GetAsync("/Reports/Reports/Team");
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.Headers.Location!.ToString().ShouldContain("/Identity/Account/SignIn");
    }

    [Fact]
    public async Task A_file_stored_by_one_instance_is_read_by_the_other_and_an_import_uploaded_to_one_is_mapped_on_the_other()
    {
        var content = "Name,Mobile\nNasrin Karimi,09121234567\n"u8.ToArray();
        await _a.Services.GetRequiredService<IFileStore>().SaveAsync("tests/a.csv", new MemoryStream(content), CancellationToken.None);
        await using (var read = await _b.Services.GetRequiredService<IFileStore>().OpenReadAsync("tests/a.csv", CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            copy.ToArray().ShouldBe(content);
        }

        await _b.Services.GetRequiredService<IFileStore>().DeleteAsync("tests/a.csv", CancellationToken.None);
        (await _a.Services.GetRequiredService<IFileStore>().OpenReadAsync("tests/a.csv", CancellationToken.None)).ShouldBeNull();

        var onA = Client(_a);
        var onB = Client(_b);
        await onA.SignInOk("admin", CrmAppFactory.AdminPassword);
        var (mapUrl, _) = await TestSupport.UploadAsync(onA, "leads", "people.csv", content);
        (await onB.GetStringAsync(mapUrl)).ShouldContain("Nasrin Karimi");
        var status = await TestSupport.RunImportAsync(onB, mapUrl, ["FullName", "Mobile"], "Create");
        status.GetProperty("created").GetInt32().ShouldBe(1);
        _root.Query(db => db.Set<Crm.Infrastructure.Files.StoredFile>().Count(f => f.Name.StartsWith("imports/"))).ShouldBe(0, "the finished import's file is removed");
        Directory.Exists(Path.Combine(Folder("a"), "imports")).ShouldBeFalse();
    }

    [Fact]
    public async Task Report_pages_read_from_the_replica_when_one_is_configured_and_everything_else_from_the_primary()
    {
        // A replica that cannot be reached: the reports fail and nothing else does, so the reports read from it alone.
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(_root.ConnectionString) { Database = "crm_no_such_replica" }.ConnectionString;
        // A read-only session, as a standby's is: the reports read from it.
        var readOnly = new Npgsql.NpgsqlConnectionStringBuilder(_root.ConnectionString) { Options = "-c default_transaction_read_only=on" }.ConnectionString;
        using var broken = _root.WithWebHostBuilder(b => b.UseSetting("DataFolder", Folder("r1")).UseSetting("Database:ReportsConnectionString", unreachable));
        using var replica = _root.WithWebHostBuilder(b => b.UseSetting("DataFolder", Folder("r2")).UseSetting("Database:ReportsConnectionString", readOnly));

        var onBroken = broken.CreateDefaultClient(new CookieContainerHandler(new CookieContainer()));
        await onBroken.SignInOk("admin", CrmAppFactory.AdminPassword);
        (await onBroken.GetAsync("/Contacts/Contacts")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await onBroken.GetAsync("/Reports/Reports/Funnel")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        var onReplica = replica.CreateDefaultClient(new CookieContainerHandler(new CookieContainer()));
        await onReplica.SignInOk("admin", CrmAppFactory.AdminPassword);
        foreach (var report in new[] { "/Reports/Reports/Funnel", "/Reports/Reports/Pipeline", "/Reports/Reports/Team", "/Reports/Reports/Customers", "/Reports/Reports/Funnel?export=xlsx" })
        {
            (await onReplica.GetAsync(report)).StatusCode.ShouldBe(HttpStatusCode.OK, report);
        }

        // A post on the reports controller (tagging a segment) still writes to the primary.
        var tag = await onReplica.PostForm("/Reports/Reports/Rfm", "/Reports/Reports/TagSegment", ("segment", "Champions"), ("tag", TestSupport.Unique("vip")));
        tag.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_store_refuses_names_that_reach_outside_it()
    {
        var store = _a.Services.GetRequiredService<IFileStore>();
        foreach (var name in new[] { "../x", "/etc/passwd", "a//b", "A.csv", "a/", "imports/..", new string('a', 201) })
        {
            await Should.ThrowAsync<ArgumentException>(() => store.SaveAsync(name, new MemoryStream([1]), CancellationToken.None), name);
        }

        var folder = new Crm.Infrastructure.Files.FolderFileStore(Path.Combine(Folder("a"), "store"));
        await Should.ThrowAsync<ArgumentException>(() => folder.OpenReadAsync("../crm.db", CancellationToken.None));
        await folder.SaveAsync("x/y.txt", new MemoryStream([7]), CancellationToken.None);
        using (var local = await folder.LocalCopyAsync("x/y.txt", CancellationToken.None))
        {
            (await File.ReadAllBytesAsync(local!.Path)).ShouldBe(new byte[] { 7 });
        }

        Directory.GetFiles(Path.Combine(Folder("a"), "store", "x")).Length.ShouldBe(1, "no partial file is left");
    }

    private static async Task Within(TimeSpan limit, Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, failure);
            await Task.Delay(20);
        }
    }

    private string Folder(string instance) => instances.Folder(instance);

    private HttpClient Client(WebApplicationFactory<Program> instance) => instance.CreateDefaultClient(new CookieContainerHandler(_jar));
}
