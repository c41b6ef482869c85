using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Lists;

namespace Crm.Modules.Contacts.Features;

public sealed class PhoneInput
{
    public PhoneType Type { get; set; }

    public string? Number { get; set; }
}

public sealed class EmailInput
{
    public EmailType Type { get; set; }

    public string? Address { get; set; }
}

public sealed class AddressInput
{
    public AddressType Type { get; set; }

    public string? Province { get; set; }

    public string? City { get; set; }

    public string? Line { get; set; }

    public string? PostalCode { get; set; }
}

public sealed class EmploymentInput
{
    public Guid OrganizationId { get; set; }

    public string? OrganizationName { get; set; }

    public string? JobTitle { get; set; }
}

/// <summary>The contact form: one model for create and edit.</summary>
public sealed class ContactEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? JobTitle { get; set; }

    public string? NationalCode { get; set; }

    public string? Birthday { get; set; }

    public CustomerSource Source { get; set; }

    public int Rating { get; set; }

    public string? Segments { get; set; }

    public string? Notes { get; set; }

    public Guid? OwnerId { get; set; }

    public List<PhoneInput> Phones { get; set; } = [];

    public List<EmailInput> Emails { get; set; } = [];

    public List<AddressInput> Addresses { get; set; } = [];

    public List<EmploymentInput> Employments { get; set; } = [];

    /// <summary>Name of an organization to link (found or created) when saving.</summary>
    public string? NewOrganizationName { get; set; }

    /// <summary>The user saw the possible duplicates and saves anyway.</summary>
    public bool IgnoreDuplicates { get; set; }
}

public sealed class OrganizationEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    public string? NationalId { get; set; }

    public string? EconomicCode { get; set; }

    public string? Industry { get; set; }

    public string? Website { get; set; }

    public CustomerSource Source { get; set; }

    public int Rating { get; set; }

    public string? Segments { get; set; }

    public string? Notes { get; set; }

    public Guid? OwnerId { get; set; }

    public List<PhoneInput> Phones { get; set; } = [];

    public List<EmailInput> Emails { get; set; } = [];

    public List<AddressInput> Addresses { get; set; } = [];

    public bool IgnoreDuplicates { get; set; }
}

/// <summary>Filters of the contacts list (sort: "name", the default, or "newest"); also what a saved view stores and what export uses.</summary>
public sealed class ContactFilter : ListFilter
{
    public CustomerSource? Source { get; set; }

    public int? MinRating { get; set; }

    public string? Owner { get; set; }

    public string? Segment { get; set; }
}

public sealed record ContactRow(Guid Id, string FullName, string? Phone, string? Email, string? City, CustomerSource Source, int Rating, Guid? OwnerId);
