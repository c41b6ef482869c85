using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Forms.Domain;

public enum FormKind
{
    Form = 0,

    /// <summary>Each submission is an issue of the newsletter, rendered through the form's <see cref="Form.Template"/> and sent by email.</summary>
    Newsletter = 1,
}

/// <summary>
/// A form administrators design: its titles in both languages, its settings, and the version of its fields new
/// submissions use. Every change of the fields writes a new <see cref="FormVersion"/>, so older submissions keep theirs.
/// Submissions belong to the form's owner and team unless the submitter's contact has an owner.
/// </summary>
public sealed class Form : AggregateRoot, IOwnedRecord
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 2000;
    public const int SitesMaxLength = 1000;
    public const int TemplateMaxLength = 100_000;

    public FormKind Kind { get; set; }

    /// <summary>A newsletter's HTML with placeholders (<see cref="Features.NewsletterTemplate"/>); sanitised when saved and again when rendered.</summary>
    public string? Template { get; set; }

    public string Name { get; set; } = "";

    public string TitleFa { get; set; } = "";

    public string TitleEn { get; set; } = "";

    public string? DescriptionFa { get; set; }

    public string? DescriptionEn { get; set; }

    /// <summary>The random part of the public link (<c>/f/{key}</c>): a form's address tells nothing about the others.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>Can be opened without signing in, at its link or embedded in one of <see cref="AllowedSites"/>.</summary>
    public bool IsPublic { get; set; }

    /// <summary>Is open for submissions at all (a closed form shows a notice instead).</summary>
    public bool IsOpen { get; set; } = true;

    /// <summary>Find the submitter's contact by mobile or email, else create one, and link the submission to it.</summary>
    public bool AddToContacts { get; set; }

    /// <summary>Each answer with a mobile or email is also a lead for the form's owner, of the campaign its link names (<c>?c=</c>).</summary>
    public bool CreateLead { get; set; }

    public bool ShowOnPortal { get; set; }

    /// <summary>A new customer gets a portal account (signed in by mobile once the portal exists).</summary>
    public bool CreatePortalAccount { get; set; }

    /// <summary>Ask the browser for its location on submission, with the reason shown; a refusal still submits.</summary>
    public bool RecordLocation { get; set; }

    public string? ThankYouFa { get; set; }

    public string? ThankYouEn { get; set; }

    /// <summary>Where a visitor goes after submitting; must be on one of <see cref="AllowedSites"/>.</summary>
    public string? RedirectUrl { get; set; }

    /// <summary>The sites (origins, one per line) that may embed the form and be redirected to.</summary>
    public string? AllowedSites { get; set; }

    /// <summary>Staff told of each submission: the owner, and the team's members when set.</summary>
    public bool NotifyStaff { get; set; }

    /// <summary>At most this many submissions from one person (by mobile, email or signed-in user); null for no limit.</summary>
    public int? MaxPerPerson { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public Guid CurrentVersionId { get; set; }

    /// <summary>How often the public form was opened (counted with one atomic update per view).</summary>
    public long Views { get; set; }

    public IReadOnlyList<string> Sites() =>
        (AllowedSites ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

/// <summary>One version of a form's fields, never changed once written: submissions point at the version they were made with.</summary>
public sealed class FormVersion : Entity
{
    public Guid FormId { get; set; }

    public int Number { get; set; }

    /// <summary>The fields as JSON (<see cref="FormFields"/>).</summary>
    public string Fields { get; set; } = "[]";

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One send of a newsletter issue to its recipients. Its id comes from the page the send was asked on, so the same page
/// posted twice sends once.
/// </summary>
public sealed class NewsletterSend
{
    public Guid Id { get; set; }

    public Guid FormId { get; set; }

    public Guid SubmissionId { get; set; }

    public string Subject { get; set; } = "";

    public string Culture { get; set; } = "fa";

    /// <summary>How many messages were queued (addresses counted once).</summary>
    public int Recipients { get; set; }

    public DateTime SentAt { get; set; }

    public Guid? SentBy { get; set; }
}
