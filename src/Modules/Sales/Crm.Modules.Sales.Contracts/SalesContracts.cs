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
