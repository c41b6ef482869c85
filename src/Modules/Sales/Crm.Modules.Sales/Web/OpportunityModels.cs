using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Lists;
using Crm.Modules.Sales.Features;

namespace Crm.Modules.Sales.Web;

public sealed record OpportunityRow(
    Guid Id,
    string Name,
    string CustomerName,
    long Amount,
    int Probability,
    Guid StageId,
    OpportunityStatus Status,
    DateOnly? ExpectedClose,
    Guid? OwnerId,
    DateTime StageEnteredAt,
    Guid Version);

public sealed record OpportunityListModel(
    OpportunityFilter Filter,
    KeysetPage<OpportunityRow> Page,
    IReadOnlyDictionary<Guid, string> OwnerNames,
    IReadOnlyDictionary<Guid, Stage> Stages,
    FilterChoices Choices);

/// <summary>One board column's header: its deals' count, total and weighted total.</summary>
public sealed record ColumnTotals(Guid StageId, int Count, decimal Total, decimal Weighted);

public sealed record BoardModel(
    OpportunityFilter Filter,
    SalesProcess Process,
    IReadOnlyDictionary<Guid, ColumnTotals> Totals,
    IReadOnlyList<TagChip> LossReasons,
    FilterChoices Choices);

public sealed record CardsModel(IReadOnlyList<OpportunityRow> Cards, IReadOnlyDictionary<Guid, string> OwnerNames, bool HasMore, int NextSkip);
