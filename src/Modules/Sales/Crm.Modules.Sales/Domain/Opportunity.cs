using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Sales.Domain;

/// <summary>A deal: a customer's firm interest, followed through the stages of a sales process until won or lost.</summary>
public sealed class Opportunity : AggregateRoot, IReassignable
{
    public string Name { get; set; } = "";

    /// <summary>The buyer: an organization, or a contact for a private buyer (or both: the person at the company).</summary>
    public Guid? OrganizationId { get; set; }

    public Guid? ContactId { get; set; }

    /// <summary>The buyer's name when the deal was saved, for the board and lists without a look-up per card.</summary>
    public string CustomerName { get; set; } = "";

    /// <summary>
    /// Whole units of <see cref="Currency"/> (rials; the rial has no smaller unit): integers sum exactly and natively in
    /// every database, which the pipeline reports rely on.
    /// </summary>
    public long Amount { get; set; }

    public string Currency { get; set; } = Money.Rial;

    public DateOnly? ExpectedClose { get; set; }

    public Guid ProcessId { get; set; }

    public Guid StageId { get; set; }

    public DateTime StageEnteredAt { get; set; }

    /// <summary>0–100; set from the stage on each move, editable.</summary>
    public int Probability { get; set; }

    /// <summary>
    /// 0–100: the highest progress of the workflow tasks done for this deal; the deal moves to the stage whose progress
    /// range holds it (each stage's range runs from its progress up to the next stage's).
    /// </summary>
    public int WorkProgress { get; set; }

    public OpportunityStatus Status { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>Why it was lost: a tag of the "Loss reasons" group (its name kept here too), and a free note.</summary>
    public Guid? LossReasonTagId { get; set; }

    public string? LossReason { get; set; }

    public string? LossNote { get; set; }

    /// <summary>
    /// Why the deal looks won though still open: its quote was accepted or its invoice paid ("InvoicePaid|INV-1405-000012").
    /// The deal's page offers to mark it won in one click; any move clears it.
    /// </summary>
    public string? WinOffer { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public void AssignOwner(Guid ownerId, Guid? teamId) => (OwnerId, TeamId) = (ownerId, teamId);

    public CustomerSource Source { get; set; }

    /// <summary>The campaign's name as shown and grouped in reports: the linked campaign's, or a name typed before campaigns were linked.</summary>
    public string? Campaign { get; set; }

    /// <summary>The marketing campaign it came from (the Campaigns module's).</summary>
    public Guid? CampaignId { get; set; }

    public Guid? PriceBookId { get; set; }

    public string? NextStep { get; set; }

    public DateOnly? NextStepDate { get; set; }

    public string? Notes { get; set; }

    /// <summary>The lead this deal came from, if any.</summary>
    public Guid? LeadId { get; set; }

    public List<OpportunityLine> Lines { get; } = [];

    public List<Competitor> Competitors { get; } = [];

    public List<ChecklistTick> Ticks { get; } = [];

    public long WeightedAmount => Amount * Probability / 100;
}

/// <summary>A product of interest: what the customer may buy, from the catalog, at the price book's price.</summary>
public sealed class OpportunityLine : Entity
{
    public Guid OpportunityId { get; set; }

    public Guid ProductId { get; set; }

    public int Position { get; set; }

    public decimal Quantity { get; set; } = 1;

    public long UnitPrice { get; set; }
}

/// <summary>Another seller the customer is talking to, and what they offered at what price.</summary>
public sealed class Competitor : Entity
{
    public Guid OpportunityId { get; set; }

    public string Name { get; set; } = "";

    public string? Offer { get; set; }

    public long? Price { get; set; }
}

/// <summary>A checklist item done for this deal.</summary>
public sealed class ChecklistTick : Entity
{
    public Guid OpportunityId { get; set; }

    public Guid ChecklistItemId { get; set; }

    public DateTime DoneAt { get; set; }

    public Guid? DoneBy { get; set; }
}

/// <summary>How a deal came into a stage.</summary>
public enum StageEntry
{
    Created = 0,
    Moved = 1,
    Reopened = 2,
}

/// <summary>
/// One stay of a deal in a stage: when and by whom it entered and left. Never changed except to close it, so the funnel,
/// velocity and win-rate reports can be rebuilt from it for any period.
/// </summary>
public sealed class StageVisit : Entity
{
    public Guid OpportunityId { get; set; }

    public Guid StageId { get; set; }

    public StageEntry Entry { get; set; }

    public DateTime EnteredAt { get; set; }

    public Guid? EnteredBy { get; set; }

    public DateTime? ExitedAt { get; set; }

    public Guid? ExitedBy { get; set; }
}

/// <summary>A lead's conversion: what it became, by whom, when. Raises <see cref="LeadConverted"/>.</summary>
public sealed class LeadConversion : Entity
{
    public Guid LeadId { get; set; }

    public Guid ContactId { get; set; }

    public Guid? OrganizationId { get; set; }

    public Guid? OpportunityId { get; set; }

    public DateTime ConvertedAt { get; set; }

    public Guid? ConvertedBy { get; set; }

    public static LeadConversion Record(Guid leadId, Guid contactId, Guid? organizationId, Guid? opportunityId, DateTime at, Guid? by)
    {
        var conversion = new LeadConversion
        {
            LeadId = leadId,
            ContactId = contactId,
            OrganizationId = organizationId,
            OpportunityId = opportunityId,
            ConvertedAt = at,
            ConvertedBy = by,
        };
        conversion.Raise(new LeadConverted(leadId, contactId, organizationId, opportunityId));
        return conversion;
    }
}

public static class Money
{
    public const string Rial = "IRR";
}
