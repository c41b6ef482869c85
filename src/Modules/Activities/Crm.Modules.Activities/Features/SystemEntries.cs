using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Features;

/// <summary>System entries other modules write on a record's timeline, with their system tag.</summary>
public sealed class LogTimelineEventHandler(DbContext db, IClock clock, IMediator mediator) : IRequestHandler<LogTimelineEvent, Guid>
{
    public async ValueTask<Guid> Handle(LogTimelineEvent request, CancellationToken cancellationToken)
    {
        var activity = new Activity
        {
            Kind = request.Kind,
            RecordType = request.Record.Type,
            RecordId = request.Record.Id,
            Subject = TextLimits.Shorten(request.Summary.English, 200),
            PersianSubject = TextLimits.Shorten(request.Summary.Persian, 200),
            OccurredAt = request.At ?? clock.UtcNow,
        };
        db.Add(activity);
        if (SystemTagOf(request.Kind) is { } tag)
        {
            await mediator.Send(new AddSystemTag(new RecordRef(RecordTypes.Activity, activity.Id), tag), cancellationToken);
        }

        return activity.Id;
    }

    private static string? SystemTagOf(ActivityKind kind) => kind switch
    {
        ActivityKind.StatusChange => SystemTags.StatusChanged,
        ActivityKind.EmailSent => SystemTags.EmailSent,
        ActivityKind.SmsSent => SystemTags.SmsSent,
        ActivityKind.Call => SystemTags.Call,
        _ => null,
    };
}

/// <summary>An email or SMS handed to its provider shows on the timeline of the record it was about.</summary>
public sealed class MessageSentHandler(IMediator mediator, IStringLocalizer<ActivitiesResources> l) : INotificationHandler<MessageSent>
{
    public async ValueTask Handle(MessageSent notification, CancellationToken cancellationToken)
    {
        if (notification.Recipient is not { } recipient)
        {
            return;
        }

        var email = notification.Channel == MessageChannel.Email;
        var summary = l.InBoth(email ? "Timeline_EmailSent" : "Timeline_SmsSent", notification.To, notification.Summary);
        await mediator.Send(new LogTimelineEvent(new RecordRef(recipient.Type, recipient.Id), email ? ActivityKind.EmailSent : ActivityKind.SmsSent, summary)
            { At = notification.SentAt }, cancellationToken);
    }
}
