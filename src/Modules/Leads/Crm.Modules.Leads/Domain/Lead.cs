using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;

namespace Crm.Modules.Leads.Domain;

/// <summary>A possible customer not yet qualified: captured in seconds (a name and a mobile), followed up, then converted or dropped.</summary>
public sealed class Lead : AggregateRoot, IReassignable
{
    public string FirstName { get; private set; } = "";

    public string LastName { get; private set; } = "";

    public string FullName { get; private set; } = "";

    /// <summary>Normalised full name for duplicate checks and prefix search.</summary>
    public string NameKey { get; private set; } = "";

    /// <summary>The mobile as the user typed it, tidied for display.</summary>
    public string? Mobile { get; private set; }

    /// <summary>National significant number (e.g. 9121234567): the duplicate and search key.</summary>
    public string? MobileKey { get; private set; }

    public string? Email { get; private set; }

    public string? EmailKey { get; private set; }

    /// <summary>The company the person named; becomes an organization on conversion.</summary>
    public string? Company { get; private set; }

    public string? CompanyKey { get; private set; }

    public string? JobTitle { get; set; }

    public string? City { get; set; }

    public CustomerSource Source { get; set; }

    /// <summary>The marketing campaign it came from (the Campaigns module's), when known.</summary>
    public Guid? CampaignId { get; set; }

    public LeadStatus Status { get; set; }

    /// <summary>Why a lead was marked Unqualified ("worthless").</summary>
    public string? UnqualifiedReason { get; set; }

    /// <summary>0 (unrated) to 5 stars.</summary>
    public int Rating { get; set; }

    public LeadPriority Priority { get; set; } = LeadPriority.Normal;

    public DateOnly? NextFollowUp { get; set; }

    public string? Notes { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public void AssignOwner(Guid ownerId, Guid? teamId) => (OwnerId, TeamId) = (ownerId, teamId);

    public Guid? ImportId { get; set; }

    /// <summary>Set when this lead was merged into another; the record stays (deleted) for history.</summary>
    public Guid? MergedIntoId { get; set; }

    /// <summary>What a converted lead became: a contact, perhaps an organization and an opportunity.</summary>
    public Guid? ConvertedContactId { get; set; }

    public Guid? ConvertedOrganizationId { get; set; }

    public Guid? ConvertedOpportunityId { get; set; }

    public DateTime? ConvertedAt { get; set; }

    public void SetName(string? firstName, string? lastName)
    {
        FirstName = Truncate(PersianText.Clean(firstName ?? ""), 100);
        LastName = Truncate(PersianText.Clean(lastName ?? ""), 100);
        FullName = (FirstName + " " + LastName).Trim();
        NameKey = Truncate(PersianText.Key(FullName), 200);
    }

    public void SetMobile(string? mobile)
    {
        Mobile = string.IsNullOrWhiteSpace(mobile) ? null : PhoneNumber.Display(mobile);
        MobileKey = Mobile is null ? null : Truncate(PhoneNumber.Normalize(mobile!), 20);
    }

    public void SetEmail(string? email)
    {
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        EmailKey = Email is null ? null : EmailAddress.Normalize(Email);
    }

    public void SetCompany(string? company)
    {
        Company = string.IsNullOrWhiteSpace(company) ? null : Truncate(PersianText.Clean(company), 200);
        CompanyKey = Company is null ? null : Truncate(PersianText.Key(Company), 200);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>
/// Round-robin assignment of new leads within one team: each new lead goes to the next active member after
/// <see cref="LastAssignedUserId"/>, in a stable order, so the work is shared evenly.
/// </summary>
public sealed class LeadAssignmentRule : Entity
{
    public Guid TeamId { get; set; }

    public bool IsActive { get; set; }

    public Guid? LastAssignedUserId { get; set; }

    public DateTime? LastAssignedAt { get; set; }
}

/// <summary>
/// One way into a lead by search: the key of its name or company from one word to the end ("شرکت نمونه تجارت" gives
/// "شرکتنمونهتجارت", "نمونهتجارت" and "تجارت"), so a prefix search on these finds a surname or a word inside the company.
/// </summary>
public sealed class LeadSearchWord : Entity
{
    public const int MaxLength = 100;

    /// <summary>Words taken from each of the name and the company; longer names are rare and their tail words add little.</summary>
    private const int MaxWordsPerField = 6;

    public Guid LeadId { get; init; }

    public string Word { get; init; } = "";

    public static List<LeadSearchWord> For(Lead lead) =>
        Tails(lead.FullName).Concat(Tails(lead.Company))
            .Distinct(StringComparer.Ordinal)
            .Select(word => new LeadSearchWord { LeadId = lead.Id, Word = word })
            .ToList();

    private static IEnumerable<string> Tails(string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(MaxWordsPerField).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            var key = PersianText.Key(string.Concat(words[i..]));
            if (key.Length > 0)
            {
                yield return key.Length <= MaxLength ? key : key[..MaxLength];
            }
        }
    }
}
