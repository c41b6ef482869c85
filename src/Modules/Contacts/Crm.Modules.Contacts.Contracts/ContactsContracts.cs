using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Contacts.Contracts;

/// <summary>Permissions of the Contacts module (people and organizations).</summary>
public static class ContactsPermissions
{
    public const string View = "contacts.view";
    public const string Edit = "contacts.edit";
    public const string Delete = "contacts.delete";
    public const string Merge = "contacts.merge";
    public const string Import = "contacts.import";
    public const string Export = "contacts.export";
}

/// <summary>Where a customer came from. Shared by leads and contacts so a converted lead keeps its source.</summary>
public enum CustomerSource
{
    WalkIn = 0,
    Phone = 1,
    Website = 2,
    Instagram = 3,
    Telegram = 4,
    WhatsApp = 5,
    Referral = 6,
    PosDevice = 7,
    Campaign = 8,
    Import = 9,
    Other = 10,
}

/// <summary>Contacts that may be the same person as the given name, phones and emails (keys already normalised).</summary>
public sealed record FindContactDuplicates(string? NameKey, IReadOnlyList<string> PhoneKeys, IReadOnlyList<string> EmailKeys, Guid? ExceptId = null)
    : IRequest<IReadOnlyList<DuplicateMatch>>;



/// <summary>
/// Which of the given phone and email keys (already normalised) belong to a contact: the batch form of the duplicate
/// check that imports use, answered with two indexed IN-list queries.
/// </summary>
public sealed record FindContactKeys(IReadOnlyCollection<string> PhoneKeys, IReadOnlyCollection<string> EmailKeys) : IRequest<ContactKeys>;

public sealed record ContactKeys(IReadOnlySet<string> PhoneKeys, IReadOnlySet<string> EmailKeys);

/// <summary>
/// The contact an email address belongs to (the oldest, when several share it), for mail that arrives from outside, such
/// as mail to a support mailbox. Not filtered by visibility: the caller acts for the company, not for a user.
/// </summary>
public sealed record FindContactByEmail(string Email) : IRequest<FoundContact?>;

public sealed record FoundContact(Guid ContactId, string Name, Guid? OwnerId, Guid? TeamId);

/// <summary>
/// The contact a mobile or an email belongs to, by an exact match on the normalised key (the phone first; the oldest
/// contact when several share it), as duplicate checks compare them. Not filtered by visibility, like <see cref="FindContactByEmail"/>.
/// </summary>
public sealed record FindContactByKeys(string? PhoneKey, string? EmailKey) : IRequest<FoundContact?>;

/// <summary>
/// Creates a contact from data another module captured (a converted lead), optionally working for an organization.
/// The owner is taken as given: the sender has checked that the current user may assign it. Returns the contact's id.
/// </summary>
public sealed record CreateContact(
    string FirstName,
    string LastName,
    string? Mobile,
    string? Email,
    string? JobTitle,
    string? City,
    CustomerSource Source,
    Guid? OwnerId,
    Guid? TeamId,
    Guid? OrganizationId,
    string? Notes) : ICommand<Guid>;

/// <summary>Creates an organization by name (a converted lead's company). Returns its id.</summary>
public sealed record CreateOrganization(string Name, string? City, CustomerSource Source, Guid? OwnerId, Guid? TeamId) : ICommand<Guid>;

/// <summary>Records that an existing contact works for an organization (nothing changes if already so).</summary>
public sealed record LinkContactToOrganization(Guid ContactId, Guid OrganizationId, string? JobTitle) : ICommand<Unit>;

/// <summary>The organizations a person works for (ids, primary first), so their page can show what those organizations do too.</summary>
public sealed record GetContactOrganizations(Guid ContactId) : IRequest<IReadOnlyList<Guid>>;

/// <summary>Organizations whose name means the same as <paramref name="Name"/> (Persian spelling and spacing aside).</summary>
public sealed record FindOrganizationDuplicates(string Name) : IRequest<IReadOnlyList<DuplicateMatch>>;

/// <summary>
/// What a quote, an invoice or a payment reminder needs of its buyers: name, identifiers, address, and where to send
/// messages (the first mobile and email; for an organization without its own, those of its first linked person).
/// Not filtered by visibility: the caller has already checked that the document may be seen.
/// </summary>
public sealed record GetBillingDetails(IReadOnlyCollection<Crm.SharedKernel.Records.RecordRef> Customers)
    : Crm.SharedKernel.Messaging.IRequest<IReadOnlyDictionary<Crm.SharedKernel.Records.RecordRef, BillingDetails>>;

public sealed record BillingDetails(string Name, string? NationalId, string? EconomicCode, string? Address, string? PostalCode, string? Phone, string? Mobile, string? Email);

/// <summary>
/// Changes a contact's own details as the contact asked (from the portal): the email becomes the first, a phone is added
/// after the others, and the first address takes the city, line and postal code. Null values are left as they are; the
/// sender has checked the values. False when the contact is gone.
/// </summary>
public sealed record UpdateContactDetails(Guid ContactId, string? Email, string? Phone, string? City, string? Address, string? PostalCode) : ICommand<bool>;

/// <summary>
/// Which contacts a marketing audience holds: the contact list's filters, each optional (every live contact when none is
/// set). <paramref name="Segment"/> is a purchase group (RFM) as the reports name it; <paramref name="TagId"/> a tag the
/// contacts carry (the RFM report can tag a group's customers).
/// </summary>
public sealed record AudienceCriteria(CustomerSource? Source, int? MinRating, string? Segment, string? City, Guid? TagId = null);

public enum AudienceAddress
{
    Mobile = 0,
    Email = 1,
}

/// <summary>
/// The contacts <paramref name="Criteria"/> finds, in id order after <paramref name="After"/>, at most
/// <paramref name="Take"/> (up to 5,000), each with its Iranian mobile or email (null when it has none). Evaluated when
/// asked, over every live contact whoever owns it: an approved campaign speaks for the company. With
/// <paramref name="Among"/> (up to 5,000 ids, a static list's page) only those contacts are considered.
/// </summary>
public sealed record ListAudience(AudienceCriteria Criteria, AudienceAddress Address, Guid? After, int Take, IReadOnlyCollection<Guid>? Among = null)
    : IRequest<IReadOnlyList<AudienceMember>>;

/// <summary>
/// The live contacts having these phone or email keys (<c>PhoneNumber.Normalize</c>, <c>EmailAddress.Normalize</c>),
/// each key with the first such contact; keys nobody has are left out. At most <see cref="MaxKeys"/> keys.
/// </summary>
public sealed record FindContactsByKeys(IReadOnlyCollection<string> PhoneKeys, IReadOnlyCollection<string> EmailKeys) : IRequest<IReadOnlyDictionary<string, Guid>>
{
    public const int MaxKeys = 5_000;
}

/// <param name="Segments">The segments written on the contact, so a campaign can give a segment its own message.</param>
public sealed record AudienceMember(Guid ContactId, string Name, string? Address, string? Segments = null);
