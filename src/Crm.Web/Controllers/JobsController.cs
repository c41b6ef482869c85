using Microsoft.Extensions.DependencyInjection;
using Crm.Infrastructure.Jobs;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Quartz;

namespace Crm.Web.Controllers;

public sealed record JobRow(string Key, string Description, string Cron, DateTime? NextRunUtc, DateTime? PreviousRunUtc, IReadOnlyList<JobRun> RecentRuns);

/// <summary>"Background jobs": every job, its schedule and next run, recent runs with duration and errors, and "run now".</summary>
[HasPermission(PlatformPermissions.ManageJobs)]
[AutoValidateAntiforgeryToken]
public sealed class JobsController(IServiceProvider services, CrmDbContext db, IStringLocalizerFactory localizers, IStringLocalizer<SharedResource> s) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        // With Jobs:Enabled = false this instance runs no scheduler; another instance does the background work.
        if (services.GetService<ISchedulerFactory>() is not { } schedulers || services.GetService<JobCatalog>() is not { } catalog)
        {
            return View("Disabled");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = catalog.Jobs.Select(j => j.Key).ToList();
        var runs = await db.JobRuns.AsNoTracking().Where(r => keys.Contains(r.JobKey))
            .OrderByDescending(r => r.StartedAt).Take(200).ToListAsync(cancellationToken);
        var rows = new List<JobRow>();
        foreach (var job in catalog.Jobs)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(job.Key + ".schedule"), cancellationToken);
            rows.Add(new JobRow(job.Key, localizers.Create(job.ResourceType)[job.DescriptionKey], job.Cron,
                trigger?.NextFireTimeUtc?.UtcDateTime, trigger?.PreviousFireTimeUtc?.UtcDateTime,
                runs.Where(r => r.JobKey == job.Key).Take(10).ToList()));
        }

        return View(rows);
    }

    [HttpPost]
    public async Task<IActionResult> RunNow(string key, CancellationToken cancellationToken)
    {
        if (services.GetService<ISchedulerFactory>() is not { } schedulers || services.GetService<JobCatalog>() is not { } catalog || catalog.Jobs.All(j => j.Key != key))
        {
            return NotFound();
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(new JobKey(key), cancellationToken);
        TempData["Message"] = s["Jobs_StartedMessage"].Value;
        return RedirectToAction(nameof(Index));
    }
}
