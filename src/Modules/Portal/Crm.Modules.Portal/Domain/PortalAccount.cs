using Crm.SharedKernel.Domain;

namespace Crm.Modules.Portal.Domain;

/// <summary>
/// A customer's way into the portal: one per contact, signed in with the contact's mobile and a code sent to it.
/// Disabling keeps the account (and its history) and stops it at the next request; enabling again restores it.
/// </summary>
public sealed class PortalAccount : Entity
{
    public Guid ContactId { get; set; }

    /// <summary>The contact's name when the account was opened, for the accounts list and greetings.</summary>
    public string Name { get; set; } = "";

    /// <summary>The mobile the codes go to, normalised (9xxxxxxxxx); unique among accounts.</summary>
    public string MobileKey { get; set; } = "";

    /// <summary><c>fa</c> or <c>en</c>: the language of the messages the account is sent.</summary>
    public string Culture { get; set; } = "fa";

    public bool Enabled { get; set; } = true;

    /// <summary>Changed to sign the account out everywhere: a session carrying an older stamp is refused.</summary>
    public Guid SessionStamp { get; set; } = Guid.NewGuid();

    public DateTime CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime? InvitedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    /// <summary>The contact also sees the records of the organizations they belong to (their invoices, quotes, tickets).</summary>
    public bool SeesOrganization { get; set; }

    /// <summary>The normalised email the customer signs in with by password, where allowed; unique among accounts.</summary>
    public string? EmailKey { get; set; }

    /// <summary>The password's hash (ASP.NET Core's password hasher); null when the customer set none.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Wrong passwords in a row; too many lock password sign-in until <see cref="LockedUntil"/> (the mobile still works).</summary>
    public int PasswordFailures { get; set; }

    public DateTime? LockedUntil { get; set; }
}

/// <summary>
/// A one-time sign-in code asked for a mobile. Known and unknown numbers get a row alike (only known ones get an SMS),
/// so the answer, the limits and the work done never tell whether a number has an account. Only a hash is kept.
/// </summary>
public sealed class PortalSignInCode : Entity
{
    public string MobileKey { get; set; } = "";

    /// <summary>The account the code signs in to; null for a number without one.</summary>
    public Guid? AccountId { get; set; }

    public string CodeHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Wrong codes typed against this one.</summary>
    public int Tries { get; set; }

    public DateTime? UsedAt { get; set; }

    /// <summary>The address that asked, for the per-address limit.</summary>
    public string Address { get; set; } = "";

    /// <summary>
    /// For a number without an account that is a contact's mobile, when customers may sign up: the contact whose account
    /// the right code opens. The account is made only then, so a number nobody proves owning opens nothing.
    /// </summary>
    public Guid? SignUpContactId { get; set; }
}

/// <summary>The portal's look and welcome, one row: what the administrator set.</summary>
public sealed class PortalSettings
{
    public const int WelcomeMaxLength = 1000;

    /// <summary>The one row's id.</summary>
    public static readonly Guid SingletonId = new("5d2a9c1e-7b0f-4f3a-9e61-0c4d8b2a7f10");

    public Guid Id { get; set; } = SingletonId;

    public string? WelcomeFa { get; set; }

    public string? WelcomeEn { get; set; }

    /// <summary>The brand colour as <c>#rrggbb</c>; null for the default blue.</summary>
    public string? Colour { get; set; }

    /// <summary>A customer whose mobile is a contact's opens their own account by signing in with it.</summary>
    public bool SelfSignUp { get; set; }

    /// <summary>Customers may also sign in with their email and a password they set on their details page.</summary>
    public bool PasswordSignIn { get; set; }

    /// <summary>A customer's changes to their details are applied at once; otherwise they wait for staff as a request.</summary>
    public bool ApplyProfileChanges { get; set; }

    /// <summary>The company's logo in the file store, and its type; null for none.</summary>
    public string? LogoStore { get; set; }

    public string? LogoType { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>How the administrator set one section of the portal: on or off, its place in the menu, its titles.</summary>
public sealed class PortalSectionSetting
{
    public const int TitleMaxLength = 60;

    public string Key { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public int Position { get; set; }

    public string? TitleFa { get; set; }

    public string? TitleEn { get; set; }
}

public enum ProfileRequestState
{
    Pending = 0,
    Applied = 1,
    Declined = 2,
}

/// <summary>
/// A customer's change to their own details, sent from the portal: applied by staff (or at once, where the administrator
/// allows it). A newer request from the same account replaces a pending one.
/// </summary>
public sealed class PortalProfileRequest : Entity
{
    public const int EmailMaxLength = 200;
    public const int PhoneMaxLength = 20;
    public const int CityMaxLength = 100;
    public const int AddressMaxLength = 300;
    public const int PostalCodeMaxLength = 10;

    public Guid AccountId { get; set; }

    public Guid ContactId { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? City { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public ProfileRequestState State { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DecidedAt { get; set; }

    public Guid? DecidedBy { get; set; }
}

/// <summary>
/// A link sent by SMS or email to one document (an invoice, a quote) that opens it, read-only, without signing in: its
/// token is kept only as a hash, it expires, and staff can revoke it. Anything more (deciding a quote) asks to sign in.
/// </summary>
public sealed class PortalDocumentLink : Entity
{
    public const int TypeMaxLength = 32;

    public string TokenHash { get; set; } = "";

    public string DocumentType { get; set; } = "";

    public Guid DocumentId { get; set; }

    /// <summary>The customer the document was sent to.</summary>
    public Guid ContactId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public Guid? RevokedBy { get; set; }

    public DateTime? LastOpenedAt { get; set; }

    public int Opens { get; set; }
}
