using Crm.Modules.Activities.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Activities.Features;

/// <summary>When two customers are merged, the merged one's timeline and comments move to the survivor, so nothing is lost from sight.</summary>
public sealed class RecordsMergedHandler(DbContext db) :
    INotificationHandler<ContactsMerged>, INotificationHandler<OrganizationsMerged>, INotificationHandler<LeadsMerged>
{
    public Task Handle(ContactsMerged notification, CancellationToken cancellationToken) =>
        MoveAsync(RecordTypes.Contact, notification.MergedId, notification.SurvivorId, cancellationToken);

    public Task Handle(OrganizationsMerged notification, CancellationToken cancellationToken) =>
        MoveAsync(RecordTypes.Organization, notification.MergedId, notification.SurvivorId, cancellationToken);

    public Task Handle(LeadsMerged notification, CancellationToken cancellationToken) =>
        MoveAsync(RecordTypes.Lead, notification.MergedId, notification.SurvivorId, cancellationToken);

    private async Task MoveAsync(string type, Guid from, Guid to, CancellationToken cancellationToken)
    {
        await db.Set<Activity>().IgnoreQueryFilters().Where(a => a.RecordType == type && a.RecordId == from)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.RecordId, to), cancellationToken);
        await db.Set<Comment>().IgnoreQueryFilters().Where(c => c.RecordType == type && c.RecordId == from)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RecordId, to), cancellationToken);
    }
}
