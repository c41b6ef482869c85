using Crm.Infrastructure.Persistence;
using Crm.Modules.Identity.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.IntegrationTests;

/// <summary>The whole app on a fresh database of the given provider, migrated at start-up as in production.</summary>
public sealed class CrmAppFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "itest-Admin-9x";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="provider">The database provider.</param>
    /// <param name="settings">Configuration on top of the test defaults (e.g. an SMTP server for the messaging tests).</param>
    public CrmAppFactory(string provider, IReadOnlyDictionary<string, string>? settings = null)
    {
        Provider = provider;
        ConnectionString = TestDatabases.NewConnectionString(provider);
        _settings = settings ?? new Dictionary<string, string>();
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("DataFolder", _dataFolder);
        builder.UseSetting("Admin:Password", AdminPassword);
        builder.UseSetting("RateLimits:PublicPerMinute", "10000");
        builder.UseSetting("PublicUrl", "http://localhost");
        // Tests build the workflows they need; the shipped ones are tested on their own.
        builder.UseSetting("Workflow:ReadyMade", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public string MailFolder => Path.Combine(_dataFolder, "mail");

    public string DataFolder => _dataFolder;

    /// <summary>Creates a user directly through Identity, for tests that need one of a given role.</summary>
    public async Task<ApplicationUser> CreateUserAsync(string userName, string role, string password, Guid? teamId = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, Email = userName + "@test.example", DisplayName = userName, TeamId = teamId };
        (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        return user;
    }

    public T Query<T>(Func<CrmDbContext, T> query)
    {
        using var scope = Services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    public async Task<T> QueryAsync<T>(Func<CrmDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            TestDatabases.Drop(Provider, ConnectionString);
        }
    }
}
