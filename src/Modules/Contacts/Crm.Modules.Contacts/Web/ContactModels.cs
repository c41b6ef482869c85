using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Lists;
using Crm.Modules.Contacts.Features;

namespace Crm.Modules.Contacts.Web;

public sealed record ContactListModel(ContactFilter Filter, KeysetPage<ContactRow> Page, IReadOnlyDictionary<Guid, string> Owners, IReadOnlyList<Crm.Modules.Identity.Contracts.UserSummary> AssignableOwners);

public sealed record OrganizationRow(Guid Id, string Name, string? Phone, string? City, string? Industry, Guid? OwnerId, DateTime CreatedAt);

public sealed record OrganizationListModel(ContactFilter Filter, KeysetPage<OrganizationRow> Page, IReadOnlyDictionary<Guid, string> Owners);
