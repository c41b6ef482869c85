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
