using Crm.Modules.Identity.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Features;

/// <summary>
/// Hands new leads to the members of a team in turn. The rule row remembers who was last; moving it on is a
/// conditional update on that value, so two people capturing leads at the same moment never get the same turn.
/// </summary>
public sealed class RoundRobin(DbContext db, IMediator mediator, IClock clock)
{
    /// <summary>Whether the team hands out its leads in turn.</summary>
    public Task<bool> IsActiveAsync(Guid teamId, CancellationToken cancellationToken) =>
        db.Set<LeadAssignmentRule>().AnyAsync(r => r.TeamId == teamId && r.IsActive, cancellationToken);

    /// <summary>The next <paramref name="count"/> owners in turn, or an empty list when the team has no active rule or no active member.</summary>
    public async Task<IReadOnlyList<Guid>> NextAsync(Guid teamId, int count, CancellationToken cancellationToken)
    {
        var members = (await mediator.Send(new ListUsers(teamId, ActiveOnly: true), cancellationToken)).Select(u => u.Id).Order().ToList();
        if (members.Count == 0 || count <= 0)
        {
            return [];
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var rule = await db.Set<LeadAssignmentRule>().AsNoTracking().FirstOrDefaultAsync(r => r.TeamId == teamId && r.IsActive, cancellationToken);
            if (rule is null)
            {
                return [];
            }

            var start = rule.LastAssignedUserId is { } last ? members.FindIndex(m => m.CompareTo(last) > 0) : 0;
            start = start < 0 ? 0 : start;
            var owners = Enumerable.Range(0, count).Select(i => members[(start + i) % members.Count]).ToList();
            var previous = rule.LastAssignedUserId;
            var now = clock.UtcNow;
            var moved = await db.Set<LeadAssignmentRule>()
                .Where(r => r.Id == rule.Id && r.LastAssignedUserId == previous)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastAssignedUserId, owners[^1]).SetProperty(r => r.LastAssignedAt, now), cancellationToken);
            if (moved == 1)
            {
                return owners;
            }
        }

        throw new DbUpdateConcurrencyException("The round-robin turn kept changing; try again.");
    }
}
