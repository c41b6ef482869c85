using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Tickets.Features;

/// <summary>Why every open ticket's SLA is worked out again (a policy was added, changed or removed).</summary>
public sealed record RecomputeSlaArguments(string Reason);

/// <summary>
/// Works out every open ticket's targets again after a policy changed, a batch of tickets per transaction in id order.
/// Doing it twice gives the same result, so a run cut short by a restart is simply run again from the start.
/// </summary>
public sealed class RecomputeSlaJob(IServiceScopeFactory scopes) : ICrmJob<RecomputeSlaArguments>
{
    public const string Key = "tickets.sla-recompute";

    public async Task ExecuteAsync(RecomputeSlaArguments arguments, CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var next = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecomputeSlaBatch(after), cancellationToken);
            if (next is null)
            {
                return;
            }

            after = next;
        }
    }
}

/// <summary>One batch of open tickets after <see cref="After"/>; returns the last one done, or null when none was left.</summary>
public sealed record RecomputeSlaBatch(Guid? After) : ICommand<Guid?>;

public sealed class RecomputeSlaBatchHandler(DbContext db, TicketSla sla) : IRequestHandler<RecomputeSlaBatch, Guid?>
{
    public const int BatchSize = 200;

    public async ValueTask<Guid?> Handle(RecomputeSlaBatch request, CancellationToken cancellationToken)
    {
        var query = db.Set<Ticket>().Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled);
        if (request.After is { } after)
        {
            query = query.Where(t => t.Id.CompareTo(after) > 0);
        }

        var tickets = await query.OrderBy(t => t.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var ticket in tickets)
        {
            await sla.RecomputeAsync(ticket, cancellationToken);
        }

        return tickets.Count == 0 ? null : tickets[^1].Id;
    }
}
