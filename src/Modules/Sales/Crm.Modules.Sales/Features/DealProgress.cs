using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Features;

public sealed class RecordDealProgressHandler(DbContext db, Pipeline pipeline, IMediator mediator) : IRequestHandler<RecordDealProgress, bool>
{
    public async ValueTask<bool> Handle(RecordDealProgress request, CancellationToken cancellationToken)
    {
        var deal = await db.Set<Opportunity>().FirstOrDefaultAsync(o => o.Id == request.OpportunityId, cancellationToken);
        var progress = Math.Clamp(request.Progress, 0, 100);
        if (deal is null || progress <= deal.WorkProgress)
        {
            return false;
        }

        deal.WorkProgress = progress;
        await db.SaveChangesAsync(cancellationToken);
        if (deal.Status != OpportunityStatus.Open || await pipeline.ProcessAsync(deal.ProcessId, cancellationToken) is not { } process)
        {
            return false;
        }

        // Won and Lost are a person's call; the work moves a deal through the open stages only, and never back.
        var current = process.Stages.FirstOrDefault(s => s.Id == deal.StageId);
        var reached = StageFor(process, progress);
        if (reached is null || current is null || reached.Position <= current.Position)
        {
            return false;
        }

        var moved = await mediator.Send(new MoveOpportunity(deal.Id, deal.Version, reached.Id, Confirmed: true), cancellationToken);
        return moved.Status == MoveStatus.Moved;
    }

    /// <summary>The last open stage whose progress the deal has reached: each stage's range runs up to the next one's progress.</summary>
    public static Stage? StageFor(SalesProcess process, int progress) =>
        process.OpenStages.Where(s => s.Progress <= progress).OrderBy(s => s.Progress).ThenBy(s => s.Position).LastOrDefault();
}
