using Crm.Web;
using Crm.Web.Hosting;

// Commands: (none) run the app · `migrate` apply migrations and exit · `--seed-demo` fill a demo company, then run.
var builder = WebApplication.CreateBuilder(args.Where(a => a is not ("migrate" or "--seed-demo")).ToArray());
builder.AddCrm(ModuleRegistry.Enabled(builder.Configuration));

var app = builder.Build();
app.UseCrm();

await app.InitializeAsync(forceMigrate: args.Contains("migrate"));
if (args.Contains("migrate"))
{
    Console.WriteLine("Database is up to date.");
    return;
}

if (args.Contains("--seed-demo") || builder.Configuration.GetValue<bool>("SeedDemo"))
{
    await app.SeedDemoAsync();
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
    {
        Console.WriteLine($"CRM is running at {url}  (sign in as the administrator; see README.md)");
    }
});
await app.RunAsync();

/// <summary>Entry point, public so integration tests can host the app.</summary>
public partial class Program;
