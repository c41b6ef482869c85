using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Lists;

namespace Crm.Modules.Sales.Features;

/// <summary>The opportunity form. Amounts and dates are kept as typed so a bad value comes back to the user unchanged.</summary>
public sealed class OpportunityEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    /// <summary>The buyer as a record reference, "Organization:id" or "Contact:id".</summary>
    public string? Customer { get; set; }

    /// <summary>The buyer's name shown in the picker.</summary>
    public string? CustomerTitle { get; set; }

    public string? Amount { get; set; }

    public Guid? ProcessId { get; set; }

    /// <summary>The first stage of a new deal; later moves go through the board or the deal's page, so history is kept.</summary>
    public Guid? StageId { get; set; }

    public int? Probability { get; set; }

    public string? ExpectedClose { get; set; }

    public string? AssignTo { get; set; }

    public CustomerSource Source { get; set; }

    public string? Campaign { get; set; }

    public Guid? CampaignId { get; set; }

    public Guid? PriceBookId { get; set; }

    public string? NextStep { get; set; }

    public string? NextStepDate { get; set; }

    public string? Notes { get; set; }

    public Guid? LeadId { get; set; }

    public List<LineInput> Lines { get; set; } = [];

    public List<CompetitorInput> Competitors { get; set; } = [];
}

public sealed class LineInput
{
    public Guid? ProductId { get; set; }

    public string? Quantity { get; set; }

    public string? UnitPrice { get; set; }
}

public sealed class CompetitorInput
{
    public string? Name { get; set; }

    public string? Offer { get; set; }

    public string? Price { get; set; }
}

/// <summary>The filters the board and the list share.</summary>
public sealed class OpportunityFilter : ListFilter
{
    public Guid? Process { get; set; }

    public Guid? Stage { get; set; }

    public OpportunityStatus? Status { get; set; }

    public Guid? Owner { get; set; }

    public Guid? Team { get; set; }

    public Guid? Tag { get; set; }

    public string? CloseFrom { get; set; }

    public string? CloseTo { get; set; }

    public bool IsEmpty => Q is null && Stage is null && Status is null && Owner is null && Team is null && Tag is null && CloseFrom is null && CloseTo is null;
}

/// <summary>What the filter bar offers: owners, teams, tags, processes.</summary>
public sealed record FilterChoices(
    IReadOnlyList<UserSummary> Owners,
    IReadOnlyList<TeamSummary> Teams,
    IReadOnlyList<TagChip> Tags,
    IReadOnlyList<SalesProcess> Processes);
