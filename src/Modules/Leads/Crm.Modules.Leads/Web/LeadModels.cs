using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.SharedKernel.Lists;
using Crm.Modules.Leads.Features;

namespace Crm.Modules.Leads.Web;

public sealed record LeadRow(Guid Id, string FullName, string? Mobile, string? Company, LeadStatus Status, CustomerSource Source, int Rating, LeadPriority Priority,
    DateOnly? NextFollowUp, Guid? OwnerId, DateTime CreatedAt);

public sealed record LeadListModel(LeadListFilter Filter, KeysetPage<LeadRow> Page, IReadOnlyDictionary<Guid, string> Owners, IReadOnlyList<Crm.Modules.Identity.Contracts.UserSummary> AssignableOwners);
