using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Features;

/// <summary>Logging and changing activities. An activity is seen and changed by whoever can see the record it is on.</summary>
public sealed class ActivityService(DbContext db, ICurrentUser user, IClock clock, IMediator mediator, RecordDirectory records,
    IDisplayFormatter format, IStringLocalizer<ActivitiesResources> l)
{
    /// <summary>The activity, if the user may see the record it is on.</summary>
    public async Task<(Activity Activity, RecordLink Record)?> FindVisibleAsync(Guid id, bool includeDeleted, CancellationToken cancellationToken)
    {
        var query = includeDeleted ? db.Set<Activity>().IgnoreQueryFilters() : db.Set<Activity>();
        var activity = await query.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        var record = activity is null ? null : await records.FindVisibleAsync(activity.Record, cancellationToken);
        return activity is null || record is null ? null : (activity, record);
    }

    public ActivityForm NewForm(RecordRef record, ActivityKind kind)
    {
        var now = format.ToLocal(clock.UtcNow);
        // A follow-up is for tomorrow morning unless said otherwise; a call or note happened just now.
        var at = kind is ActivityKind.Task or ActivityKind.Meeting ? now.Date.AddDays(1).AddHours(10) : now;
        return new ActivityForm
        {
            Record = record.ToString(),
            Kind = kind,
            Date = format.DateInput(DateOnly.FromDateTime(at)),
            Time = at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            AssigneeId = user.UserId,
            RemindBefore = kind is ActivityKind.Task or ActivityKind.Meeting ? 15 : null,
            DurationMinutes = kind == ActivityKind.Call ? 5 : null,
        };
    }

    public ActivityForm EditForm(Activity a)
    {
        var at = format.ToLocal(a.OccurredAt);
        return new ActivityForm
        {
            Id = a.Id,
            Version = a.Version,
            Record = a.Record.ToString(),
            Kind = a.Kind,
            Subject = a.Subject,
            Body = a.Body,
            Date = format.DateInput(DateOnly.FromDateTime(at)),
            Time = at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            Direction = a.Direction ?? CallDirection.Outgoing,
            Outcome = a.Outcome ?? CallOutcome.Reached,
            DurationMinutes = a.DurationSeconds / 60,
            EndTime = a.EndsAt is { } end ? format.ToLocal(end).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null,
            Place = a.Place,
            Participants = a.Participants,
            Priority = a.Priority,
            AssigneeId = a.AssigneeId,
            RemindBefore = a.RemindAt is { } remind ? (int)(a.OccurredAt - remind).TotalMinutes : null,
            TrackingNumber = a.TrackingNumber,
        };
    }

    public async Task<SaveResult> SaveAsync(ActivityForm form, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (!RecordRef.TryParse(form.Record, out var recordRef) || await records.FindVisibleAsync(recordRef, cancellationToken) is not { } record)
        {
            throw new KeyNotFoundException();
        }

        if (!ActivityForm.LoggedKinds.Contains(form.Kind))
        {
            errors[nameof(form.Kind)] = l["Error_Kind"];
        }

        // Text longer than its field is refused, not cut: the user keeps what they typed and shortens it themselves.
        foreach (var (field, text, max) in new[]
        {
            (nameof(form.Subject), form.Subject, 200), (nameof(form.Body), form.Body, 4000), (nameof(form.Place), form.Place, 200),
            (nameof(form.Participants), form.Participants, 500), (nameof(form.TrackingNumber), form.TrackingNumber, 100),
        })
        {
            if (text?.Trim().Length > max)
            {
                errors[field] = l["Error_TooLong", format.Number(max)];
            }
        }

        var subject = Clean(form.Subject);
        var body = Clean(form.Body);
        if (subject is null && (form.Kind != ActivityKind.Note || body is null))
        {
            errors[nameof(form.Subject)] = l["Error_SubjectRequired"];
        }

        if (!format.TryParseDateInput(form.Date, out var day))
        {
            errors[nameof(form.Date)] = l["Error_Date"];
        }

        if (!TimeOnly.TryParse(Digits.ToLatin(form.Time ?? ""), System.Globalization.CultureInfo.InvariantCulture, out var time))
        {
            errors[nameof(form.Time)] = l["Error_Time"];
        }

        TimeOnly? endTime = null;
        if (form.Kind == ActivityKind.Meeting && !string.IsNullOrWhiteSpace(form.EndTime))
        {
            if (TimeOnly.TryParse(Digits.ToLatin(form.EndTime), System.Globalization.CultureInfo.InvariantCulture, out var end) && end > time)
            {
                endTime = end;
            }
            else
            {
                errors[nameof(form.EndTime)] = l["Error_EndTime"];
            }
        }

        if (form.DurationMinutes is < 0 or > 24 * 60)
        {
            errors[nameof(form.DurationMinutes)] = l["Error_Duration"];
        }

        if (form.RemindBefore is { } before && !ActivityForm.ReminderChoices.Contains(before))
        {
            errors[nameof(form.RemindBefore)] = l["Error_Reminder"];
        }

        var tags = TagNames.Split(form.Tags);
        if (tags.Any(t => !TagNames.IsValid(t)))
        {
            errors[nameof(form.Tags)] = l["Error_Tags", format.Number(TagNames.MaxWords), format.Number(TagNames.MaxLength)];
        }

        Guid? assignee = null;
        if (form.Kind is ActivityKind.Task or ActivityKind.Meeting)
        {
            var owner = await mediator.Send(new ResolveOwner(form.AssigneeId), cancellationToken);
            if (!owner.Allowed)
            {
                errors[nameof(form.AssigneeId)] = l["Error_Assignee"];
            }

            assignee = owner.OwnerId;
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        Activity activity;
        if (form.Id is { } id)
        {
            activity = await db.Set<Activity>().FirstOrDefaultAsync(a => a.Id == id && a.RecordType == recordRef.Type && a.RecordId == recordRef.Id, cancellationToken)
                ?? throw new KeyNotFoundException();
            if (activity.IsSystem || activity.Kind != form.Kind)
            {
                throw new KeyNotFoundException();
            }

            if (activity.Version != form.Version)
            {
                return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
            }
        }
        else
        {
            activity = new Activity { Kind = form.Kind, RecordType = recordRef.Type, RecordId = recordRef.Id };
            db.Add(activity);
        }

        var previousAssignee = activity.AssigneeId;
        var at = format.ToUtc(day.ToDateTime(time));
        activity.Subject = subject ?? TextLimits.Shorten(body!, 200);
        activity.Body = body;
        activity.OccurredAt = at;
        activity.Direction = form.Kind == ActivityKind.Call ? form.Direction : null;
        activity.Outcome = form.Kind == ActivityKind.Call ? form.Outcome : null;
        activity.DurationSeconds = form.Kind == ActivityKind.Call && form.Direction != CallDirection.Missed ? form.DurationMinutes * 60 : null;
        activity.EndsAt = endTime is { } e ? format.ToUtc(day.ToDateTime(e)) : null;
        activity.Place = form.Kind == ActivityKind.Meeting ? Clean(form.Place) : null;
        activity.Participants = form.Kind == ActivityKind.Meeting ? Clean(form.Participants) : null;
        activity.Priority = form.Priority;
        activity.AssigneeId = assignee;
        var remindAt = assignee is not null && form.RemindBefore is { } minutes ? at.AddMinutes(-minutes) : (DateTime?)null;
        if (remindAt != activity.RemindAt)
        {
            // A changed reminder time is a new reminder.
            activity.RemindAt = remindAt;
            activity.ReminderSentAt = null;
        }

        activity.TrackingNumber = form.Kind == ActivityKind.Event ? Clean(form.TrackingNumber) : null;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        if (tags.Count > 0)
        {
            await mediator.Send(new TagRecord(new RecordRef(RecordTypes.Activity, activity.Id), tags), cancellationToken);
        }

        if (activity.Kind == ActivityKind.Call)
        {
            await mediator.Send(new AddSystemTag(new RecordRef(RecordTypes.Activity, activity.Id), SystemTags.Call), cancellationToken);
        }

        if (assignee is { } assigned && assigned != user.UserId && assigned != previousAssignee)
        {
            var me = user.UserId is { } myId ? await mediator.Send(new GetUserSummary(myId), cancellationToken) : null;
            await mediator.Send(new Notify([assigned], l.InBoth("Notify_Assigned", me?.DisplayName ?? "", activity.Subject, record.Title),
                $"/Activities/Activities/Details/{activity.Id}"), cancellationToken);
        }

        if (activity.Kind == ActivityKind.Task)
        {
            await PublishFollowUpsAsync(activity.Record, cancellationToken);
        }

        return new SaveResult(activity.Id, errors, []);
    }

    /// <summary>Tells the record's owner when its earliest open task is now due (after a task is saved, done, deleted or restored).</summary>
    public async Task PublishFollowUpsAsync(RecordRef record, CancellationToken cancellationToken)
    {
        var next = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.RecordType == record.Type && a.RecordId == record.Id && a.Kind == ActivityKind.Task && a.CompletedAt == null)
            .OrderBy(a => a.OccurredAt).Select(a => (DateTime?)a.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        await mediator.Publish(new FollowUpsChanged(record, next), cancellationToken);
    }

    public async Task<bool> SetDoneAsync(Guid id, bool done, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(id, false, cancellationToken) is not { } found || !found.Activity.IsPlanned)
        {
            return false;
        }

        await MarkDoneAsync(found.Activity, done, cancellationToken);
        return true;
    }

    /// <summary>Marks a planned activity done or open again, and tells who follows it: the record's follow-ups, and whoever waits for it.</summary>
    public async Task MarkDoneAsync(Activity activity, bool done, CancellationToken cancellationToken)
    {
        activity.CompletedAt = done ? clock.UtcNow : null;
        await db.SaveChangesAsync(cancellationToken);
        if (activity.Kind == ActivityKind.Task)
        {
            await PublishFollowUpsAsync(activity.Record, cancellationToken);
        }

        if (done)
        {
            await mediator.Publish(new ActivityDone(activity.Id, activity.Record, user.UserId), cancellationToken);
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
