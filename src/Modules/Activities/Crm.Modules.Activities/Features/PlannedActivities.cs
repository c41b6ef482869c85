using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Features;

/// <summary>A task, call or meeting planned by an automation, told to its assignee like one a colleague planned.</summary>
public sealed class PlanActivityHandler(DbContext db, ActivityService activities, RecordDirectory records, IMediator mediator, IStringLocalizer<ActivitiesResources> l)
    : IRequestHandler<PlanActivity, Guid>
{
    public async ValueTask<Guid> Handle(PlanActivity request, CancellationToken cancellationToken)
    {
        if (request.Kind is not (ActivityKind.Task or ActivityKind.Call or ActivityKind.Meeting))
        {
            throw new ArgumentException("Only tasks, calls and meetings are planned.", nameof(request));
        }

        if (request.OnlyIfNoneOpen && await OpenOf(db, request.Record).AnyAsync(cancellationToken))
        {
            return Guid.Empty;
        }

        var activity = new Activity
        {
            Kind = request.Kind,
            RecordType = request.Record.Type,
            RecordId = request.Record.Id,
            Subject = TextLimits.Shorten(request.Subject.Trim(), 200),
            Body = string.IsNullOrWhiteSpace(request.Body) ? null : TextLimits.Shorten(request.Body.Trim(), 4000),
            OccurredAt = request.DueUtc,
            AssigneeId = request.AssigneeId,
            Priority = request.HighPriority ? TaskPriority.High : TaskPriority.Normal,
        };
        db.Add(activity);
        await db.SaveChangesAsync(cancellationToken);
        if (request.Tags.Count > 0)
        {
            await mediator.Send(new TagRecord(new RecordRef(RecordTypes.Activity, activity.Id), request.Tags), cancellationToken);
        }

        if (!request.Silent)
        {
            var title = (await records.FindVisibleAsync(request.Record, cancellationToken))?.Title ?? "";
            await mediator.Send(new Notify([request.AssigneeId], l.InBoth("Notify_Planned", activity.Subject, title),
                $"/Activities/Activities/Details/{activity.Id}"), cancellationToken);
        }
        if (activity.Kind == ActivityKind.Task)
        {
            await activities.PublishFollowUpsAsync(activity.Record, cancellationToken);
        }

        return activity.Id;
    }

    /// <summary>A record's planned activities not yet done.</summary>
    internal static IQueryable<Activity> OpenOf(DbContext db, RecordRef record) =>
        db.Set<Activity>().Where(a => a.RecordType == record.Type && a.RecordId == record.Id && a.CompletedAt == null
            && (a.Kind == ActivityKind.Task || a.Kind == ActivityKind.Meeting));
}

public sealed class CloseOpenActivitiesHandler(DbContext db, ActivityService activities) : IRequestHandler<CloseOpenActivities, int>
{
    public async ValueTask<int> Handle(CloseOpenActivities request, CancellationToken cancellationToken)
    {
        var open = await PlanActivityHandler.OpenOf(db, request.Record).Take(500).ToListAsync(cancellationToken);
        foreach (var activity in open)
        {
            await activities.MarkDoneAsync(activity, true, cancellationToken);
        }

        return open.Count;
    }
}

/// <summary>An activity completed from another module's page by its assignee (a workflow task inbox).</summary>
public sealed class CompleteActivityHandler(DbContext db, ActivityService activities) : IRequestHandler<CompleteActivity, bool>
{
    public async ValueTask<bool> Handle(CompleteActivity request, CancellationToken cancellationToken)
    {
        var activity = await db.Set<Activity>().FirstOrDefaultAsync(a => a.Id == request.ActivityId, cancellationToken);
        if (activity is null || !activity.IsPlanned || activity.CompletedAt is not null)
        {
            return false;
        }

        await activities.MarkDoneAsync(activity, true, cancellationToken);
        return true;
    }
}
