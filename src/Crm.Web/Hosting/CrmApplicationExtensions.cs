using Crm.Infrastructure.Jobs;
using Crm.Infrastructure.Persistence;
using Crm.Infrastructure.Web;
using Crm.SharedKernel.Modules;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Hosting;

public static class CrmApplicationExtensions
{
    public static WebApplication UseCrm(this WebApplication app)
    {
        app.UseCrmWebSecurity();
        app.UseCrmRequestLogging();
        app.UseExceptionHandler("/errors/500");
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        app.UseMiddleware<RefusedRequestMiddleware>();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseCrmUserLogContext();
        // After authentication: some limits are per signed-in user.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseCrmJobsDashboard();
        app.UseMiddleware<RequestConnectionMiddleware>();

        // Clients that ask for the classic icon without reading the page's link get the app's one.
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapControllerRoute("areas", "{area:exists}/{controller=Home}/{action=Index}/{id?}");
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        return app;
    }

    /// <summary>Applies migrations (when configured or asked), then lets each module initialize itself.</summary>
    public static async Task InitializeAsync(this WebApplication app, bool forceMigrate = false, CancellationToken cancellationToken = default)
    {
        using var scope = app.Services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (forceMigrate || options.MigrateOnStartup)
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (app.Configuration["DataProtection:Keys"] is not { Length: > 0 } keys || keys.Equals(Infrastructure.Security.SharedKeyRing.Database, StringComparison.OrdinalIgnoreCase))
        {
            var dataFolder = CrmServiceCollectionExtensions.DataFolder(app.Environment, app.Configuration);
            await Infrastructure.Security.SharedKeyRing.AdoptFolderKeysAsync(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), Path.Combine(dataFolder, "keys"), cancellationToken);
        }

        await Infrastructure.Calendar.WorkingCalendarSeed.EnsureAsync(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), cancellationToken);

        foreach (var initializer in scope.ServiceProvider.GetServices<IModuleInitializer>())
        {
            await initializer.InitializeAsync(cancellationToken);
        }

        // Imports queued (or left running by a stopped instance) go on at once rather than at the next minute's check.
        var jobs = app.Services.GetRequiredService<SharedKernel.Jobs.IJobTrigger>();
        app.Lifetime.ApplicationStarted.Register(() => _ = jobs.TriggerAsync(Infrastructure.Imports.RunQueuedImportsJob.Key, CancellationToken.None));
    }

    public static async Task SeedDemoAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        using var scope = app.Services.CreateScope();
        foreach (var seeder in scope.ServiceProvider.GetServices<IDemoDataSeeder>().OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }
}
