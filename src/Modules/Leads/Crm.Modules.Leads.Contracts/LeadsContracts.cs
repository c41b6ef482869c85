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
    string? Notes,
    Guid? CampaignId = null);

/// <summary>
/// Marks a lead Converted, read-only from then on, with links to what it became. False when the lead changed since
/// <paramref name="Version"/> was read, or was converted meanwhile.
/// </summary>
public sealed record MarkLeadConverted(Guid LeadId, Guid Version, Guid ContactId, Guid? OrganizationId, Guid? OpportunityId)
    : Crm.SharedKernel.Messaging.ICommand<bool>;

/// <summary>Links a converted lead that has no deal yet to the deal opened for it afterwards; false when it has one or is not converted.</summary>
public sealed record LinkLeadDeal(Guid LeadId, Guid OpportunityId) : Crm.SharedKernel.Messaging.ICommand<bool>;

/// <summary>Which leads a lead report covers: those created in the period (UTC, end excluded) that the user may see, optionally narrowed.</summary>
public sealed record LeadFilter(DateTime FromUtc, DateTime ToUtc)
{
    public Guid? OwnerId { get; init; }

    public Guid? TeamId { get; init; }

    /// <summary>A value of the contacts module's <c>CustomerSource</c>.</summary>
    public int? Source { get; init; }

    public Guid? TagId { get; init; }
}

/// <summary>
/// The lead funnel of the leads created in the period, by where they stand now: all of them, those contacted (no longer
/// new), qualified (or converted since), and converted; the unqualified ones apart.
/// </summary>
public sealed record GetLeadFunnel(LeadFilter Filter) : Crm.SharedKernel.Messaging.IRequest<LeadFunnel>;

public sealed record LeadFunnel(int Created, int Contacted, int Qualified, int Converted, int Unqualified);

/// <summary>
/// Leads created in the period grouped by source (or by owner): how many, how many converted, and the response time,
/// from creation to the first call, note, email or SMS, over the leads reached so far.
/// </summary>
public sealed record GetLeadGroups(LeadFilter Filter, LeadGrouping By) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<LeadGroup>>;

public enum LeadGrouping
{
    Source = 0,
    Owner = 1,
}

/// <param name="Key">The source's <c>CustomerSource</c> name, or the owner's id ("" for none).</param>
/// <param name="AverageResponseHours">Null when none was reached yet.</param>
public sealed record LeadGroup(string Key, int Created, int Converted, int Reached, double? AverageResponseHours);

/// <summary>How many live leads came from each of these campaigns (at most <see cref="MaxCampaigns"/> a question).</summary>
public sealed record CountCampaignLeads(IReadOnlyCollection<Guid> CampaignIds) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyDictionary<Guid, int>>
{
    public const int MaxCampaigns = 1_000;
}

/// <summary>
/// A lead taken down by the CRM itself (a public form's answer), owned by <paramref name="OwnerId"/>'s team as given.
/// A person with an open lead already (same mobile or email) keeps that lead, which takes the campaign if it had none.
/// <paramref name="Source"/> is a <c>CustomerSource</c> value; the caller has checked the values' shape. Returns the lead.
/// </summary>
public sealed record CaptureLead(string FirstName, string LastName, string? Mobile, string? Email, string? JobTitle, string? City, int Source,
    Guid? OwnerId, Guid? TeamId, string? Notes, Guid? CampaignId) : Crm.SharedKernel.Messaging.ICommand<Guid>;
