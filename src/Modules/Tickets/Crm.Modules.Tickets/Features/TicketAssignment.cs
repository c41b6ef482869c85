using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Domain
{
    public enum QueueMode
    {
        /// <summary>Tickets wait in the queue until someone takes or is given one.</summary>
        Manual = 0,
        /// <summary>Each new ticket goes to the team's next agent in turn.</summary>
        RoundRobin = 1,
        /// <summary>Each new ticket goes to the team's agent with the fewest open tickets.</summary>
        LeastBusy = 2,
    }

    /// <summary>How a team's queue hands out the tickets that arrive in it, and whose turn was last.</summary>
    public sealed class TeamQueue
    {
        public Guid TeamId { get; set; }

        public QueueMode Mode { get; set; }

        public Guid? LastAssignedId { get; set; }
    }
}

namespace Crm.Modules.Tickets.Features
{
    /// <summary>
    /// Gives a ticket that arrives in a team's queue (mail to the team's mailbox, a referral to the team) to one of the
    /// team's active agents, by the queue's mode. The agents are the team's users who may work on tickets, in a fixed
    /// order, so the turn is fair and the same on every instance.
    /// </summary>
    public sealed class TicketAssignment(DbContext db, IMediator mediator, Crm.SharedKernel.Time.IClock clock, IStringLocalizer<TicketsResources> l)
    {
        public async Task AssignAsync(Ticket ticket, CancellationToken cancellationToken)
        {
            if (ticket.OwnerId is not null || ticket.TeamId is not { } teamId
                || await db.Set<TeamQueue>().FirstOrDefaultAsync(q => q.TeamId == teamId, cancellationToken) is not { Mode: not QueueMode.Manual } queue)
            {
                return;
            }

            var agents = (await mediator.Send(new ListUsersWithPermission(TicketsPermissions.Edit), cancellationToken))
                .Where(u => u.TeamId == teamId && u.IsActive).OrderBy(u => u.Id).ToList();
            if (agents.Count == 0)
            {
                return;
            }

            UserSummary agent;
            if (queue.Mode == QueueMode.RoundRobin)
            {
                agent = agents.FirstOrDefault(a => a.Id.CompareTo(queue.LastAssignedId ?? Guid.Empty) > 0) ?? agents[0];
            }
            else
            {
                var ids = agents.Select(a => a.Id).ToList();
                var open = await db.Set<Ticket>().Where(t => t.OwnerId != null && ids.Contains(t.OwnerId.Value)
                        && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled)
                    .GroupBy(t => t.OwnerId).Select(g => new { Owner = g.Key!.Value, Count = g.Count() }).ToDictionaryAsync(g => g.Owner, g => g.Count, cancellationToken);
                agent = agents.OrderBy(a => open.GetValueOrDefault(a.Id)).First();
            }

            queue.LastAssignedId = agent.Id;
            // A referral with no author: the thread shows the system handed it from the team's queue to the agent.
            db.Add(new TicketEntry { TicketId = ticket.Id, Kind = TicketEntryKind.Referral, At = clock.UtcNow, FromTeamId = teamId, ToOwnerId = agent.Id, ToTeamId = teamId });
            ticket.AssignOwner(agent.Id, teamId);
            await mediator.Send(new Notify([agent.Id], l.InBoth("Notice_Assigned", ticket.Number, ticket.Subject), TicketLinks.Details(ticket.Id)), cancellationToken);
        }
    }
}
