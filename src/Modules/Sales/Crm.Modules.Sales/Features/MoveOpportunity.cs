using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// Moves a deal to another stage of its process: forward, back, to Won or Lost (with a loss reason), or out of Won or Lost
/// again (a reopen). <paramref name="Version"/> is the deal's version the user saw: if someone moved or edited it since,
/// nothing changes and the answer is <see cref="MoveStatus.Conflict"/>. Skipping required checklist items needs
/// <paramref name="Confirmed"/>.
/// </summary>
public sealed record MoveOpportunity(Guid Id, Guid Version, Guid StageId, Guid? LossReasonTagId = null, string? LossNote = null, bool Confirmed = false)
    : ICommand<MoveOutcome>;

public enum MoveStatus
{
    Moved,
    Unchanged,
    NotFound,
    Conflict,
    NeedsReason,
    ChecklistWarning,
    Invalid,
}

public sealed record MoveOutcome(MoveStatus Status, Guid? Version = null, string? Message = null, IReadOnlyList<string>? MissingItems = null);

public sealed class MoveOpportunityHandler(
    DbContext db,
    ICurrentUser user,
    IClock clock,
    IMediator mediator,
    OpportunityService opportunities,
    Pipeline pipeline,
    IStringLocalizer<SalesResources> l) : IRequestHandler<MoveOpportunity, MoveOutcome>
{
    public async ValueTask<MoveOutcome> Handle(MoveOpportunity request, CancellationToken cancellationToken)
    {
        var deal = await opportunities.FindAsync(request.Id, false, cancellationToken);
        if (deal is null)
        {
            return new(MoveStatus.NotFound);
        }

        if (deal.Version != request.Version)
        {
            return new(MoveStatus.Conflict, deal.Version, l["Error_MovedMeanwhile"]);
        }

        var process = await pipeline.ProcessAsync(deal.ProcessId, cancellationToken);
        var target = process?.BoardStages.FirstOrDefault(s => s.Id == request.StageId);
        var current = process?.Stages.FirstOrDefault(s => s.Id == deal.StageId);
        if (process is null || target is null || current is null)
        {
            return new(MoveStatus.Invalid, deal.Version, l["Error_Stage"]);
        }

        if (target.Id == current.Id)
        {
            return new(MoveStatus.Unchanged, deal.Version);
        }

        TagChip? reason = null;
        if (target.Kind == StageKind.Lost)
        {
            var reasons = await mediator.Send(new ListGroupTags(TagGroupKeys.LossReasons), cancellationToken);
            reason = reasons.FirstOrDefault(r => r.Id == request.LossReasonTagId);
            if (reason is null)
            {
                return new(MoveStatus.NeedsReason, deal.Version, l["Error_LossReason"]);
            }
        }

        if (!request.Confirmed && deal.Status == OpportunityStatus.Open && target.Kind != StageKind.Lost)
        {
            var missing = SkippedChecklist(process, current, target, deal);
            if (missing.Count > 0)
            {
                return new(MoveStatus.ChecklistWarning, deal.Version, l["Warning_Checklist"], missing);
            }
        }

        var now = clock.UtcNow;
        var reopening = deal.Status != OpportunityStatus.Open && target.Kind == StageKind.Open;
        var open = await db.Set<StageVisit>().Where(v => v.OpportunityId == deal.Id && v.ExitedAt == null).ToListAsync(cancellationToken);
        foreach (var visit in open)
        {
            visit.ExitedAt = now;
            visit.ExitedBy = user.UserId;
        }

        db.Add(new StageVisit
        {
            OpportunityId = deal.Id,
            StageId = target.Id,
            Entry = reopening ? StageEntry.Reopened : StageEntry.Moved,
            EnteredAt = now,
            EnteredBy = user.UserId,
        });

        var previousReason = deal.LossReasonTagId;
        deal.StageId = target.Id;
        deal.StageEnteredAt = now;
        deal.Probability = target.Probability;
        deal.Status = target.Kind switch
        {
            StageKind.Won => OpportunityStatus.Won,
            StageKind.Lost => OpportunityStatus.Lost,
            _ => OpportunityStatus.Open,
        };
        deal.ClosedAt = deal.Status == OpportunityStatus.Open ? null : now;
        deal.WinOffer = null;
        deal.LossReasonTagId = reason?.Id;
        deal.LossReason = reason?.Name;
        deal.LossNote = reason is null ? null : string.IsNullOrWhiteSpace(request.LossNote) ? null : Crm.SharedKernel.Text.TextLimits.Shorten(request.LossNote.Trim(), 1000);

        // The version check above read the deal; this save checks it again in the database, so of two moves made at once
        // exactly one is written and the other fails with a concurrency error.
        await db.SaveChangesAsync(cancellationToken);

        var record = new RecordRef(RecordTypes.Opportunity, deal.Id);
        if (previousReason is { } old && old != reason?.Id)
        {
            await mediator.Send(new UntagRecord(record, old), cancellationToken);
        }

        if (reason is not null)
        {
            await mediator.Send(new TagRecord(record, [reason.Name]), cancellationToken);
        }

        await opportunities.LogAsync(deal.Id, Describe(current, target, reopening, reason?.Name), cancellationToken);
        return new(MoveStatus.Moved, deal.Version, reopening ? l["Reopened"] : l["Moved"]);
    }

    /// <summary>Required items of the stages being left behind (the current one and any skipped) that are not ticked.</summary>
    private static List<string> SkippedChecklist(SalesProcess process, Stage current, Stage target, Opportunity deal)
    {
        var ticked = deal.Ticks.Select(t => t.ChecklistItemId).ToHashSet();
        var limit = target.Kind == StageKind.Won ? int.MaxValue : target.Position;
        return process.OpenStages.Where(s => s.Position >= current.Position && s.Position < limit)
            .SelectMany(s => s.Checklist.Where(c => c.Required && !ticked.Contains(c.Id)).Select(c => c.Text)).ToList();
    }

    private LocalText Describe(Stage from, Stage to, bool reopening, string? reason)
    {
        string Text(string culture) =>
            reopening ? l.InCulture(culture, "Timeline_Reopened", Name(to, culture))
            : reason is not null ? l.InCulture(culture, "Timeline_Lost", Name(from, culture), reason)
            : l.InCulture(culture, "Timeline_Moved", Name(from, culture), Name(to, culture));
        return new LocalText(Text(SupportedCultures.Persian), Text(SupportedCultures.English));
    }

    private static string Name(Stage stage, string culture) =>
        culture.StartsWith("fa", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(stage.EnglishName) ? stage.Name : stage.EnglishName;
}
