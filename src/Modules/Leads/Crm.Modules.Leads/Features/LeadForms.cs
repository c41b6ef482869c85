using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.SharedKernel.Lists;

namespace Crm.Modules.Leads.Features;

/// <summary>The lead form, full or quick (the quick one posts only the name and the mobile).</summary>
public sealed class LeadEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    /// <summary>The quick form's single name field; split into first and last name when saving.</summary>
    public string? Name { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Mobile { get; set; }

    public string? Email { get; set; }

    public string? Company { get; set; }

    public string? JobTitle { get; set; }

    public string? City { get; set; }

    public CustomerSource Source { get; set; }

    public Guid? CampaignId { get; set; }

    public LeadStatus Status { get; set; }

    public string? UnqualifiedReason { get; set; }

    public int Rating { get; set; }

    public LeadPriority Priority { get; set; } = LeadPriority.Normal;

    public string? NextFollowUp { get; set; }

    public string? Notes { get; set; }

    /// <summary>Empty: the current user; a user id; or <see cref="LeadAssignment.Automatic"/> for the team's round robin.</summary>
    public string? AssignTo { get; set; }

    /// <summary>The user saw the possible duplicates and saves anyway.</summary>
    public bool IgnoreDuplicates { get; set; }

    public bool Quick { get; set; }
}

public static class LeadAssignment
{
    public const string Automatic = "auto";
}

/// <summary>Filters of the leads list (sort: "newest", the default, or "name"); also what a saved view stores and what export uses.</summary>
public sealed class LeadListFilter : ListFilter
{
    public LeadStatus? Status { get; set; }

    public CustomerSource? Source { get; set; }

    public string? Owner { get; set; }

    /// <summary>"due": next follow-up today or earlier.</summary>
    public string? FollowUp { get; set; }
}
