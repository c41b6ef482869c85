using Microsoft.Extensions.DependencyInjection;
using Crm.Infrastructure.Jobs;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Controllers;

public sealed record JobRow(string Key, string Description, string Cron, string Schedule, DateTime? NextRunUtc, DateTime? PreviousRunUtc, IReadOnlyList<JobRun> RecentRuns);

/// <summary>"Background jobs": every job, its schedule and next run, recent runs with duration and errors, and "run now".</summary>
[HasPermission(PlatformPermissions.ManageJobs)]
[AutoValidateAntiforgeryToken]
public sealed class JobsController(IServiceProvider services, CrmDbContext db, IStringLocalizerFactory localizers, IStringLocalizer<SharedResource> s, Crm.SharedKernel.Localization.IDisplayFormatter format) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        // With Jobs:Enabled = false this instance runs no jobs; another instance does the background work.
        if (services.GetService<JobSchedules>() is not { } schedules || services.GetService<JobCatalog>() is not { } catalog)
        {
            return View("Disabled");
        }

        var keys = catalog.Jobs.Select(j => j.Key).ToList();
        var runs = await db.JobRuns.AsNoTracking().Where(r => keys.Contains(r.JobKey))
            .OrderByDescending(r => r.StartedAt).Take(200).ToListAsync(cancellationToken);
        var times = schedules.Times();
        var rows = catalog.Scheduled.Select(job =>
        {
            var (next, previous) = times.GetValueOrDefault(job.Key);
            return new JobRow(job.Key, localizers.Create(job.ResourceType)[job.DescriptionKey], job.Cron!, CronText.Describe(job.Cron!, s, format),
                next, previous, runs.Where(r => r.JobKey == job.Key).Take(10).ToList());
        }).ToList();
        return View(rows);
    }

    [HttpPost]
    public async Task<IActionResult> RunNow(string key, CancellationToken cancellationToken)
    {
        if (services.GetService<JobCatalog>() is not { } catalog || catalog.Find(key) is not { Cron: not null })
        {
            return NotFound();
        }

        await services.GetRequiredService<IJobTrigger>().TriggerAsync(key, cancellationToken);
        TempData["Message"] = s["Jobs_StartedMessage"].Value;
        return RedirectToAction(nameof(Index));
    }
}
