using Crm.Modules.Activities.Domain;
using Crm.Modules.Notifications.Contracts;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Features;

/// <summary>
/// Delivers due reminders of tasks and meetings to their assignees as notifications. Each reminder is claimed with one
/// conditional update before it is sent, so two app instances never deliver the same one twice.
/// </summary>
public sealed class ReminderJob(DbContext db, IClock clock, IMediator mediator, RecordDirectory records, IDisplayFormatter format,
    IStringLocalizer<ActivitiesResources> l) : ICrmJob
{
    public const string Key = "activities.reminders";
    public const int BatchSize = 200;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var due = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.ReminderSentAt == null && a.RemindAt != null && a.RemindAt <= now && a.CompletedAt == null && a.AssigneeId != null)
            .OrderBy(a => a.RemindAt).Take(BatchSize).ToListAsync(cancellationToken);
        var parents = await records.FindVisibleAsync(due.Select(a => a.Record), cancellationToken);
        foreach (var activity in due)
        {
            var claimed = await db.Set<Activity>().Where(a => a.Id == activity.Id && a.ReminderSentAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.ReminderSentAt, now), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var parent = parents.GetValueOrDefault(activity.Record);
            var time = new LocalText(Digits.ToPersian(Hhmm(activity.OccurredAt)), Hhmm(activity.OccurredAt));
            var text = l.InBoth("Notify_Reminder", activity.Subject, parent?.Title ?? "");
            await mediator.Send(new Notify([activity.AssigneeId!.Value],
                new LocalText($"{text.Persian} ({time.Persian})", $"{text.English} ({time.English})"),
                $"/Activities/Activities/Details/{activity.Id}"), cancellationToken);
        }
    }

    private string Hhmm(DateTime utc) => format.ToLocal(utc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
