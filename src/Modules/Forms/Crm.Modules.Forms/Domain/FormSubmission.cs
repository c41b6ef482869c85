using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Forms.Domain;

public enum SubmissionChannel
{
    /// <summary>The public link or an embed, without signing in.</summary>
    Public = 0,

    /// <summary>Filled in by a signed-in member of staff (a visit form on a phone).</summary>
    Staff = 1,

    Portal = 2,
}

/// <summary>
/// What one person sent through a form: the values by field key (as JSON), the version of the fields they answered, the
/// contact it landed on, and where it was sent from when the form asks. Staff fields are filled in later on its page.
/// </summary>
public sealed class FormSubmission : AggregateRoot, IReassignable
{
    public const int StatusMaxLength = 200;

    public Guid FormId { get; set; }

    public Guid VersionId { get; set; }

    /// <summary>The values by field key: text, numbers in Latin digits, dates as yyyy-MM-dd, choices by value (several joined by commas).</summary>
    public string Values { get; set; } = "{}";

    /// <summary>The value of the form's status field (the staff field marked as status), copied here so lists and workflows see it.</summary>
    public string? Status { get; set; }

    public Guid? ContactId { get; set; }

    public string? ContactName { get; set; }

    public SubmissionChannel Channel { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>The browser's accuracy radius in metres.</summary>
    public double? Accuracy { get; set; }

    /// <summary>A keyed hash of the sender's network address, for the per-address limit (the address itself is not kept).</summary>
    public string? SenderKey { get; set; }

    /// <summary>The submitter's normalised mobile or email (or user id), for the per-person limit.</summary>
    public string? PersonKey { get; set; }

    /// <summary>A hash of the one-time value in the form page's token: the same page posted twice makes one submission.</summary>
    public string? TokenKey { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public void AssignOwner(Guid ownerId, Guid? teamId) => (OwnerId, TeamId) = (ownerId, teamId);
}

/// <summary>
/// A submission's value in a searchable form, one row per field with a value (text cut to <see cref="MaxLength"/> and
/// normalised), so the list filters on any field with an index instead of reading every submission's JSON.
/// </summary>
public sealed class FormSubmissionValue
{
    public const int MaxLength = 200;

    public Guid SubmissionId { get; set; }

    public Guid FormId { get; set; }

    public string Field { get; set; } = "";

    public string Value { get; set; } = "";
}

/// <summary>A file sent with a submission, stored under <see cref="StoreName"/> in the file store (outside the web root).</summary>
public sealed class FormSubmissionFile : Entity
{
    public Guid SubmissionId { get; set; }

    public string Field { get; set; } = "";

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Length { get; set; }

    public string StoreName { get; set; } = "";
}
