namespace Crm.Modules.Forms.Contracts;

public static class FormsPermissions
{
    /// <summary>Design forms: fields, settings, the public link and embed, the newsletter template.</summary>
    public const string Design = "Forms.Design";

    /// <summary>Fill in forms as staff (a visit form on a phone), including those that are not public.</summary>
    public const string Fill = "Forms.Fill";

    /// <summary>See the submissions of one's own and one's team's forms and customers (all with the platform's view-all permission).</summary>
    public const string ViewSubmissions = "Forms.ViewSubmissions";

    /// <summary>Fill in the staff fields of a submission (its status), delete and restore it.</summary>
    public const string EditSubmissions = "Forms.EditSubmissions";

    /// <summary>Export a form's submissions, as filtered, to Excel.</summary>
    public const string Export = "Forms.Export";

    /// <summary>Send a newsletter issue by email to a list of recipients.</summary>
    public const string SendNewsletters = "Forms.SendNewsletters";
}

public static class FormRecordTypes
{
    public const string Submission = "FormSubmission";
}

/// <summary>The forms a portal task can ask a customer to fill (open forms, not newsletters), by name.</summary>
public sealed record ListFillableForms : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<FillableForm>>;

/// <summary>A form by its public key and titles.</summary>
public sealed record FillableForm(string Key, string Name, string TitleFa, string TitleEn);

/// <summary>
/// The public, open forms that make each answer a lead (at most 100, by name): the forms a campaign's link can bring
/// leads through, with the campaign's code added.
/// </summary>
public sealed record ListLeadForms : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<FillableForm>>;

/// <summary>The newsletter issues the current user may see, newest first (at most 100): what a campaign's email can carry.</summary>
public sealed record ListNewsletterIssues : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<NewsletterIssueChoice>>;

public sealed record NewsletterIssueChoice(Guid Id, string Newsletter, string Title, DateTime CreatedAt);

/// <summary>
/// One issue the current user may see, rendered through its newsletter's template in <paramref name="Culture"/> and
/// sanitised, exactly as the newsletter sends it; null when there is no such issue or its template is missing or broken.
/// </summary>
public sealed record RenderNewsletterIssue(Guid Id, string Culture) : Crm.SharedKernel.Messaging.IRequest<RenderedNewsletterIssue?>;

public sealed record RenderedNewsletterIssue(string Title, string Html);
