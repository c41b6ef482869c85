namespace Crm.Modules.Leads.Contracts;

/// <summary>Permissions of the Leads module.</summary>
public static class LeadsPermissions
{
    public const string View = "leads.view";
    public const string Edit = "leads.edit";
    public const string Delete = "leads.delete";
    public const string Merge = "leads.merge";
    public const string Import = "leads.import";
    public const string Export = "leads.export";

    /// <summary>Switch round-robin assignment on or off per team.</summary>
    public const string ManageAssignment = "leads.assignment.manage";
}

/// <summary>Where a lead stands. Converted is set by lead conversion (the pipeline).</summary>
public enum LeadStatus
{
    New = 0,
    Contacted = 1,
    Qualified = 2,
    Unqualified = 3,
    Converted = 4,
}

public enum LeadPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
}

/// <summary>A lead the current user may see and convert (not deleted, not yet converted), or null.</summary>
public sealed record GetLeadForConversion(Guid LeadId) : Crm.SharedKernel.Messaging.IRequest<LeadToConvert?>;

public sealed record LeadToConvert(
    Guid Id,
    Guid Version,
    string FirstName,
    string LastName,
    string FullName,
    string? Mobile,
    string? Email,
    string? Company,
    string? JobTitle,
    string? City,
    int Source, // a CustomerSource value (Contacts' contracts; contracts depend on the shared kernel only)
    Guid? OwnerId,
    Guid? TeamId,
    string? Notes);

/// <summary>
/// Marks a lead Converted, read-only from then on, with links to what it became. False when the lead changed since
/// <paramref name="Version"/> was read, or was converted meanwhile.
/// </summary>
public sealed record MarkLeadConverted(Guid LeadId, Guid Version, Guid ContactId, Guid? OrganizationId, Guid? OpportunityId)
    : Crm.SharedKernel.Messaging.ICommand<bool>;
