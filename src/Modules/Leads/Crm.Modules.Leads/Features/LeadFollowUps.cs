using Crm.Modules.Activities.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Features;

/// <summary>
/// A lead's "next follow-up" is the day its earliest open task is due, so the list and its "due" filter show what the
/// planned tasks say; when its last open task is done or deleted, nothing is planned and the date is cleared. A date
/// typed on the lead's form stands until its tasks change.
/// </summary>
public sealed class LeadFollowUps(DbContext db, IDisplayFormatter format) : INotificationHandler<FollowUpsChanged>
{
    public async ValueTask Handle(FollowUpsChanged notification, CancellationToken cancellationToken)
    {
        if (notification.Record.Type != RecordTypes.Lead)
        {
            return;
        }

        var day = notification.NextDueUtc is { } due ? DateOnly.FromDateTime(format.ToLocal(due)) : (DateOnly?)null;
        await db.Set<Lead>().Where(l => l.Id == notification.Record.Id && l.NextFollowUp != day)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.NextFollowUp, day), cancellationToken);
    }
}
