using Crm.SharedKernel.Domain;

namespace Crm.Modules.Sales.Contracts;

/// <summary>Permissions of the Sales module: opportunities, the board, lead conversion, processes, catalog and targets.</summary>
public static class SalesPermissions
{
    /// <summary>See opportunities (of one's own and one's team's, or all with the platform's see-all permission) and the board.</summary>
    public const string View = "sales.view";

    /// <summary>Create and edit opportunities, move them on the board, convert leads.</summary>
    public const string Edit = "sales.edit";

    public const string Delete = "sales.delete";

    public const string Export = "sales.export";

    /// <summary>Design sales processes: stages, probabilities, checklists.</summary>
    public const string ManageProcesses = "sales.processes.manage";

    /// <summary>Products, services and price books.</summary>
    public const string ManageCatalog = "sales.catalog.manage";

    /// <summary>Monthly targets and commission rules.</summary>
    public const string ManageTargets = "sales.targets.manage";
}

/// <summary>Where a deal stands overall; the stage says where within the process.</summary>
public enum OpportunityStatus
{
    Open = 0,
    Won = 1,
    Lost = 2,
}

/// <summary>
/// Published once, after the commit, when a lead was converted: the contact it became, and the organization and
/// opportunity if any.
/// </summary>
public sealed record LeadConverted(Guid LeadId, Guid ContactId, Guid? OrganizationId, Guid? OpportunityId) : IDomainEvent;

/// <summary>A product or service of the catalog, priced by a price book (or at its base price): what a quote's line starts from.</summary>
public sealed record CatalogProduct(Guid Id, string Code, string Name, string? EnglishName, string Unit, long Price, decimal VatRate, string? Category, bool IsService)
{
    /// <summary>Months of warranty from the sale; 0 when the product has none.</summary>
    public int WarrantyMonths { get; init; }

    /// <summary>Free services that come with one sold item.</summary>
    public int FreeServices { get; init; }
}

/// <summary>Active products whose code or name contains <paramref name="Text"/>, priced by <paramref name="PriceBookId"/>.</summary>
public sealed record FindCatalogProducts(string? Text, Guid? PriceBookId, int Take = 20) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<CatalogProduct>>;

/// <summary>The given products (deleted or inactive ones included, for old documents), priced by <paramref name="PriceBookId"/>.</summary>
public sealed record GetCatalogProducts(IReadOnlyCollection<Guid> ProductIds, Guid? PriceBookId) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyDictionary<Guid, CatalogProduct>>;

public sealed record PriceBookSummary(Guid Id, string Name, bool IsValidToday);

/// <summary>The active price books.</summary>
public sealed record ListPriceBooks : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<PriceBookSummary>>;

/// <summary>
/// An opportunity as a quote starts from it: the buyer, owner, price book and products of interest (with the deal's
/// prices). Null when there is no such deal or the current user may not see it.
/// </summary>
public sealed record GetOpportunityForQuote(Guid OpportunityId) : Crm.SharedKernel.Messaging.IRequest<OpportunityForQuote?>;

public sealed record OpportunityForQuote(
    Guid Id,
    string Name,
    Crm.SharedKernel.Records.RecordRef Customer,
    string CustomerName,
    Guid? OwnerId,
    Guid? TeamId,
    Guid? PriceBookId,
    IReadOnlyList<OpportunityProduct> Lines);

public sealed record OpportunityProduct(CatalogProduct Product, decimal Quantity, long UnitPrice);

/// <summary>
/// A piece of a deal's work is done (a workflow task of the deal's process): its progress, 0–100. The deal keeps the
/// highest progress reached and, while open, moves forward to the stage whose progress range holds it, written to the
/// stage history like a move on the board. Returns whether the deal moved.
/// </summary>
public sealed record RecordDealProgress(Guid OpportunityId, int Progress) : Crm.SharedKernel.Messaging.ICommand<bool>;

/// <summary>
/// The live deals that came from each of these campaigns (at most <see cref="MaxCampaigns"/> a question): how many, how
/// many won and for how much, and their ids (to find what their invoices brought in).
/// </summary>
public sealed record GetCampaignDeals(IReadOnlyCollection<Guid> CampaignIds) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyDictionary<Guid, CampaignDeals>>
{
    public const int MaxCampaigns = 1_000;
}

public sealed record CampaignDeals(int Deals, int Won, decimal WonAmount, IReadOnlyList<Guid> DealIds);
