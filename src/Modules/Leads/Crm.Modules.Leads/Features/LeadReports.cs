using Crm.Modules.Activities.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Reports;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Features;

/// <summary>Lead figures for the reports: the funnel, and counts and response times by source or owner.</summary>
public sealed class LeadReports(DbContext db, ICurrentUser user, ITaggedRecords tagged, IRecordContacts contacts)
    : IRequestHandler<GetLeadFunnel, LeadFunnel>,
      IRequestHandler<GetLeadGroups, IReadOnlyList<LeadGroup>>
{
    private IQueryable<Lead> Leads(LeadFilter filter)
    {
        var leads = db.Set<Lead>().AsNoTracking().VisibleTo(user).Where(l => l.CreatedAt >= filter.FromUtc && l.CreatedAt < filter.ToUtc);
        if (filter.OwnerId is { } owner)
        {
            leads = leads.Where(l => l.OwnerId == owner);
        }

        if (filter.TeamId is { } team)
        {
            leads = leads.Where(l => l.TeamId == team);
        }

        if (filter.Source is { } source)
        {
            var value = (CustomerSource)source;
            leads = leads.Where(l => l.Source == value);
        }

        if (filter.TagId is { } tag)
        {
            var carrying = tagged.Carrying(tag, RecordTypes.Lead);
            leads = leads.Where(l => carrying.Any(id => id == l.Id));
        }

        return leads;
    }

    public async ValueTask<LeadFunnel> Handle(GetLeadFunnel request, CancellationToken cancellationToken)
    {
        var counts = await Leads(request.Filter).GroupBy(l => 1).Select(g => new LeadFunnel(
            g.Count(),
            g.Count(l => l.Status != LeadStatus.New),
            g.Count(l => l.Status == LeadStatus.Qualified || l.Status == LeadStatus.Converted),
            g.Count(l => l.Status == LeadStatus.Converted),
            g.Count(l => l.Status == LeadStatus.Unqualified))).FirstOrDefaultAsync(cancellationToken);
        return counts ?? new LeadFunnel(0, 0, 0, 0, 0);
    }

    public async ValueTask<IReadOnlyList<LeadGroup>> Handle(GetLeadGroups request, CancellationToken cancellationToken)
    {
        var first = contacts.FirstContacts(RecordTypes.Lead);
        var leads = from lead in Leads(request.Filter)
                    join contact in first on lead.Id equals contact.RecordId into reached
                    from contact in reached.DefaultIfEmpty()
                    select new { lead.Source, lead.OwnerId, lead.Status, lead.CreatedAt, At = (DateTime?)contact.At };
        if (request.By == LeadGrouping.Source)
        {
            var bySource = await leads.GroupBy(l => l.Source)
                .Select(g => new { g.Key, Created = g.Count(), Converted = g.Count(l => l.Status == LeadStatus.Converted), Reached = g.Count(l => l.At != null), Hours = g.Average(l => l.At != null ? SqlDays.Between(l.CreatedAt, l.At.Value) * 24 : (double?)null) })
                .ToListAsync(cancellationToken);
            return [.. bySource.Select(g => new LeadGroup(g.Key.ToString(), g.Created, g.Converted, g.Reached, g.Hours)).OrderByDescending(g => g.Created)];
        }

        var byOwner = await leads.GroupBy(l => l.OwnerId)
            .Select(g => new { g.Key, Created = g.Count(), Converted = g.Count(l => l.Status == LeadStatus.Converted), Reached = g.Count(l => l.At != null), Hours = g.Average(l => l.At != null ? SqlDays.Between(l.CreatedAt, l.At.Value) * 24 : (double?)null) })
            .ToListAsync(cancellationToken);
        return [.. byOwner.Select(g => new LeadGroup(g.Key?.ToString() ?? "", g.Created, g.Converted, g.Reached, g.Hours)).OrderByDescending(g => g.Created)];
    }
}
