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
/// Delivers due reminders of tasks and meetings to their assignees as notifications, in batches until none is due. Each
/// reminder is claimed with one conditional update in the transaction that writes its notification, so two app
/// instances never deliver the same one twice and a failed batch leaves its reminders for the next run.
/// </summary>
public sealed class ReminderJob(DbContext db, IClock clock, IMediator mediator, RecordDirectory records, IDisplayFormatter format,
    IStringLocalizer<ActivitiesResources> l) : ICrmJob
{
    public const string Key = "activities.reminders";
    public const int BatchSize = 200;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        while (await DeliverBatchAsync(cancellationToken) == BatchSize)
        {
        }
    }

    /// <summary>
    /// One batch in one transaction: each reminder is claimed by a conditional update and its notification written with
    /// it, so a reminder is either claimed and notified or neither. Returns how many due reminders were found.
    /// </summary>
    private async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var due = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.ReminderSentAt == null && a.RemindAt != null && a.RemindAt <= now && a.CompletedAt == null && a.AssigneeId != null)
            .OrderBy(a => a.RemindAt).Take(BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var parents = await records.FindVisibleAsync(due.Select(a => a.Record), cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var activity in due)
        {
            // Another instance that claimed it first has set the time: this update then changes nothing.
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

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private string Hhmm(DateTime utc) => format.ToLocal(utc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
