using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tags.Features;

/// <summary>When two customers are merged, the survivor carries the tags of both (each once).</summary>
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
        var links = db.Set<TagLink>();
        await links.Where(m => m.RecordType == type && m.RecordId == from && links.Any(s => s.RecordType == type && s.RecordId == to && s.TagId == m.TagId))
            .ExecuteDeleteAsync(cancellationToken);
        await links.Where(m => m.RecordType == type && m.RecordId == from).ExecuteUpdateAsync(u => u.SetProperty(m => m.RecordId, to), cancellationToken);
    }
}
