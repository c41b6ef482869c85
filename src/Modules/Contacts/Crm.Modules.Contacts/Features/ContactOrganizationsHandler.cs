using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Contacts.Features;

/// <summary>Where a person works. Not filtered by visibility: callers show only their own records found through these ids.</summary>
public sealed class ContactOrganizationsHandler(DbContext db) : IRequestHandler<GetContactOrganizations, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(GetContactOrganizations request, CancellationToken cancellationToken) =>
        await db.Set<Employment>().AsNoTracking().Where(e => e.ContactId == request.ContactId)
            .OrderByDescending(e => e.IsPrimary).Select(e => e.OrganizationId).Take(20).ToListAsync(cancellationToken);
}
