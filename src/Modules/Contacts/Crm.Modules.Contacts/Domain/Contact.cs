using Crm.Modules.Contacts.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;

namespace Crm.Modules.Contacts.Domain;

/// <summary>A person: a customer, a prospect's employee, a private buyer.</summary>
public sealed class Contact : AggregateRoot, IReassignable
{
    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string FullName { get; private set; } = "";

    /// <summary>Normalised full name for duplicate checks and prefix search.</summary>
    public string NameKey { get; private set; } = "";

    public string LastNameKey { get; private set; } = "";

    public string? JobTitle { get; set; }

    public string? NationalCode { get; set; }

    public DateOnly? Birthday { get; set; }

    public CustomerSource Source { get; set; }

    /// <summary>0 (unrated) to 5 stars.</summary>
    public int Rating { get; set; }

    /// <summary>Groups and segments, comma separated (e.g. "VIP, Wholesale").</summary>
    public string? Segments { get; set; }

    public string? Notes { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public void AssignOwner(Guid ownerId, Guid? teamId) => (OwnerId, TeamId) = (ownerId, teamId);

    /// <summary>First phone and email, kept on the row so lists and exports need no join.</summary>
    public string? PrimaryPhone { get; set; }

    public string? PrimaryEmail { get; set; }

    public string? City { get; set; }

    public Guid? ImportId { get; set; }

    /// <summary>Set when this contact was merged into another; the record stays (deleted) for history.</summary>
    public Guid? MergedIntoId { get; set; }

    public List<PhoneEntry> Phones { get; } = [];

    public List<EmailEntry> Emails { get; } = [];

    public List<PostalAddress> Addresses { get; } = [];

    public List<Employment> Employments { get; } = [];

    public void SetName(string firstName, string lastName)
    {
        FirstName = PersianText.Clean(firstName);
        LastName = PersianText.Clean(lastName);
        FullName = (FirstName + " " + LastName).Trim();
        NameKey = Truncate(PersianText.Key(FullName), 200);
        LastNameKey = Truncate(PersianText.Key(LastName), 100);
    }

    /// <summary>Refreshes the denormalised primary phone, email and city after the child lists changed.</summary>
    public void RefreshSummary()
    {
        PrimaryPhone = Phones.OrderBy(p => p.Position).FirstOrDefault()?.Number;
        PrimaryEmail = Emails.OrderBy(e => e.Position).FirstOrDefault()?.Address;
        City = Addresses.OrderBy(a => a.Position).FirstOrDefault()?.City;
    }

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>A company or other organisation.</summary>
public sealed class Organization : AggregateRoot, IReassignable
{
    public string Name { get; private set; } = "";

    public string NameKey { get; private set; } = "";

    /// <summary>شناسه ملی: 11 digits with a check digit.</summary>
    public string? NationalId { get; set; }

    /// <summary>کد اقتصادی.</summary>
    public string? EconomicCode { get; set; }

    public string? Industry { get; set; }

    public string? Website { get; set; }

    public CustomerSource Source { get; set; }

    public int Rating { get; set; }

    public string? Segments { get; set; }

    public string? Notes { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public void AssignOwner(Guid ownerId, Guid? teamId) => (OwnerId, TeamId) = (ownerId, teamId);

    public string? PrimaryPhone { get; set; }

    public string? PrimaryEmail { get; set; }

    public string? City { get; set; }

    public Guid? ImportId { get; set; }

    public Guid? MergedIntoId { get; set; }

    public List<PhoneEntry> Phones { get; } = [];

    public List<EmailEntry> Emails { get; } = [];

    public List<PostalAddress> Addresses { get; } = [];

    public void SetName(string name)
    {
        Name = PersianText.Clean(name);
        NameKey = Contact.Truncate(PersianText.Key(Name), 200);
    }

    public void RefreshSummary()
    {
        PrimaryPhone = Phones.OrderBy(p => p.Position).FirstOrDefault()?.Number;
        PrimaryEmail = Emails.OrderBy(e => e.Position).FirstOrDefault()?.Address;
        City = Addresses.OrderBy(a => a.Position).FirstOrDefault()?.City;
    }
}

public enum PhoneType
{
    Mobile = 0,
    Work = 1,
    Home = 2,
    Fax = 3,
    Other = 4,
}

public enum EmailType
{
    Work = 0,
    Personal = 1,
    Other = 2,
}

public enum AddressType
{
    Work = 0,
    Home = 1,
    Billing = 2,
    Shipping = 3,
}

/// <summary>A phone number of a contact or an organization, with its normalised key for search and duplicate checks.</summary>
public sealed class PhoneEntry : Entity
{
    public Guid? ContactId { get; set; }

    public Guid? OrganizationId { get; set; }

    public PhoneType Type { get; set; }

    public string Number { get; private set; } = "";

    public string NumberKey { get; private set; } = "";

    public int Position { get; set; }

    public static PhoneEntry Create(PhoneType type, string number, int position) => new()
    {
        Type = type,
        Number = PhoneNumber.Display(number),
        NumberKey = Contact.Truncate(PhoneNumber.Normalize(number), 20),
        Position = position,
    };
}

public sealed class EmailEntry : Entity
{
    public Guid? ContactId { get; set; }

    public Guid? OrganizationId { get; set; }

    public EmailType Type { get; set; }

    public string Address { get; private set; } = "";

    public string AddressKey { get; private set; } = "";

    public int Position { get; set; }

    public static EmailEntry Create(EmailType type, string address, int position) => new()
    {
        Type = type,
        Address = address.Trim(),
        AddressKey = EmailAddress.Normalize(address),
        Position = position,
    };
}

public sealed class PostalAddress : Entity
{
    public Guid? ContactId { get; set; }

    public Guid? OrganizationId { get; set; }

    public AddressType Type { get; set; }

    /// <summary>Province code from <see cref="Provinces"/>.</summary>
    public string? Province { get; set; }

    public string? City { get; set; }

    public string? Line { get; set; }

    public string? PostalCode { get; set; }

    public int Position { get; set; }
}

/// <summary>A person working for an organization (a person may work for one, several, or none).</summary>
public sealed class Employment : Entity
{
    public Guid ContactId { get; set; }

    public Guid OrganizationId { get; set; }

    public string? JobTitle { get; set; }

    public bool IsPrimary { get; set; }
}
