using Crm.SharedKernel.Web;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Forms.Contracts;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Workflow.Contracts;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Web;

public sealed record PortalFormsModel(IReadOnlyList<Form> Forms, IReadOnlyList<FormSubmission> Submissions, IReadOnlyDictionary<Guid, Form> FormsById, int? Next);

/// <summary>A form as the customer fills it on the portal; <see cref="Task"/> is the portal task it completes, if any.</summary>
public sealed record PortalFillModel(FillModel Fill, Guid? Task, string? TaskSubject);

/// <summary>One of the customer's submissions: only the fields marked for the portal, staff's status among them.</summary>
public sealed record PortalSubmissionModel(FormSubmission Submission, Form Form, IReadOnlyList<FormField> Fields, IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<FormSubmissionFile> Files);

/// <summary>
/// The customer's forms on the portal: the forms shown there, to fill as the signed-in customer (the submission is
/// theirs whatever they type), and what they sent, with only the fields marked for the portal (a field staff keep to
/// themselves never reaches the page, nor its files). A form a portal task asks for completes the task when sent.
/// </summary>
[PortalPage]
[AutoValidateAntiforgeryToken]
[RequestSizeLimit(FillController.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FillController.MaxRequestBytes, ValueCountLimit = 400, ValueLengthLimit = 20_000)]
public sealed class PortalFormsController(DbContext db, FormProtection protection, IMediator mediator, IFileStore files, IStringLocalizer<FormsResources> l) : Controller
{
    public const string Section = "forms";
    public const int PageSize = 20;
    private const string FillView = "~/Areas/Forms/Views/PortalForms/Fill.cshtml";

    [HttpGet("/portal/forms")]
    public async Task<IActionResult> Index(int page, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        var forms = await PortalForms().OrderBy(f => f.Name).Take(100).ToListAsync(cancellationToken);
        page = Math.Clamp(page, 0, 1000);
        var contact = customer.ContactId;
        var rows = await db.Set<FormSubmission>().AsNoTracking().Where(s => s.ContactId == contact).OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(page * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        var formIds = rows.Select(r => r.FormId).Distinct().ToList();
        var byId = await db.Set<Form>().AsNoTracking().Where(f => formIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        return View("~/Areas/Forms/Views/PortalForms/Index.cshtml", new PortalFormsModel(forms, [.. rows.Take(PageSize)], byId, rows.Count > PageSize ? page + 1 : null));
    }

    [HttpGet("/portal/forms/{key}")]
    public async Task<IActionResult> Fill(string key, Guid? task, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer || await FillableAsync(customer, key, task, cancellationToken) is not ({ } form, var subject))
        {
            return NotFound();
        }

        var fields = await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken);
        var defaults = fields.Where(f => f.Default is not null).ToDictionary(f => f.Key, f => f.Default);
        return View(FillView, new PortalFillModel(
            new FillModel(form, Asked(fields), protection.IssueToken(form.Id), defaults, new Dictionary<string, string>(), false, false, false, form.IsOpen ? null : l["Error_Closed"].Value),
            subject is null ? null : task, subject));
    }

    [HttpPost("/portal/forms/{key}")]
    public async Task<IActionResult> Submit(string key, Guid? task, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer || await FillableAsync(customer, key, task, cancellationToken) is not ({ } form, var subject))
        {
            return NotFound();
        }

        var fields = await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken);
        var typed = Request.Form.Keys.Where(k => k.Length <= 50).ToDictionary(k => k, k => (string?)string.Join(',', Request.Form[k].ToArray()), StringComparer.Ordinal);

        IActionResult Again(string message, IReadOnlyDictionary<string, string>? errors = null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var bounded = typed.ToDictionary(t => t.Key, t => t.Value is { Length: > FormField.LabelMaxLength * 50 } v ? v[..(FormField.LabelMaxLength * 50)] : t.Value);
            return View(FillView, new PortalFillModel(
                new FillModel(form, Asked(fields), protection.IssueToken(form.Id), bounded, errors ?? new Dictionary<string, string>(), false, false, false, message),
                subject is null ? null : task, subject));
        }

        if (!form.IsOpen)
        {
            return Again(l["Error_Closed"]);
        }

        // The session's anti-forgery token guards the post; the page's own token makes a page posted twice one submission.
        var (refusal, tokenKey) = protection.CheckPost(form.Id, Request.Form[FormProtection.TokenField], Request.Form[FormProtection.HoneypotField], signedIn: true);
        if (refusal != Refusal.None)
        {
            return Again(l["Refused_" + refusal]);
        }

        var uploads = Request.Form.Files.Take(FormUploads.MaxFiles + 1).Select(f => new SubmissionFile(f.Name, f.FileName, f.Length, f.OpenReadStream)).ToList();
        SubmitOutcome outcome;
        try
        {
            outcome = await mediator.Send(new SubmitForm(form.Id, SubmissionChannel.Portal, typed, uploads, null, null, tokenKey, null)
            {
                Form = form,
                CustomerContactId = customer.ContactId,
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same page posted twice at once: the other post stored it.
            var earlier = await db.Set<FormSubmission>().Where(s => s.FormId == form.Id && s.TokenKey == tokenKey).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException("The submission could not be stored.");
            return Redirect($"/portal/submissions/{earlier}");
        }

        if (!outcome.Done)
        {
            return Again(outcome.Errors.GetValueOrDefault("") ?? l["Error_Check"], outcome.Errors);
        }

        var done = subject is not null && task is { } id
            && await mediator.Send(new CompleteFormTask(id, customer.ContactId, form.PublicKey, new RecordRef(FormRecordTypes.Submission, outcome.Id!.Value)), cancellationToken);
        TempData["Message"] = (done ? l["Portal_TaskDone"] : l["Portal_Submitted"]).Value;
        return Redirect($"/portal/submissions/{outcome.Id}");
    }

    [HttpGet("/portal/submissions/{id:guid}")]
    public async Task<IActionResult> Submission(Guid id, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer || await SubmissionAsync(customer, id, cancellationToken) is not { } submission)
        {
            return NotFound();
        }

        var form = await db.Set<Form>().AsNoTracking().FirstAsync(f => f.Id == submission.FormId, cancellationToken);
        var values = FormFields.ReadValues(submission.Values);
        var shown = (await SubmissionValues.FieldsAsync(db, submission.VersionId, cancellationToken)).Where(f => f.OnPortal && (!f.HoldsValue || FormFields.Shows(f, values))).ToList();
        var keys = shown.Where(f => f.HoldsValue).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        // Only what is shown leaves the server: the values of other fields are dropped here, not hidden in the page.
        var visible = values.Where(v => keys.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var fileRows = await db.Set<FormSubmissionFile>().AsNoTracking().Where(f => f.SubmissionId == id).OrderBy(f => f.FileName).ToListAsync(cancellationToken);
        return View("~/Areas/Forms/Views/PortalForms/Submission.cshtml",
            new PortalSubmissionModel(submission, form, shown, visible, [.. fileRows.Where(f => keys.Contains(f.Field))]));
    }

    /// <summary>A file of one of the customer's submissions, sent in a field shown on the portal.</summary>
    [HttpGet("/portal/submissions/{id:guid}/files/{file:guid}")]
    public async Task<IActionResult> File(Guid id, Guid file, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer || await SubmissionAsync(customer, id, cancellationToken) is not { } submission
            || await db.Set<FormSubmissionFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == file && f.SubmissionId == id, cancellationToken) is not { } row
            || !(await SubmissionValues.FieldsAsync(db, submission.VersionId, cancellationToken)).Any(f => f.Key == row.Field && f.OnPortal)
            || await files.OpenReadAsync(row.StoreName, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        return UploadedFiles.Serve(this, content, row.ContentType, row.FileName);
    }

    private Task<PortalCustomer?> CustomerAsync(CancellationToken cancellationToken) => PortalCustomer.InSectionAsync(User, mediator, Section, cancellationToken);

    /// <summary>The forms listed on the portal: marked for it, open, and not a newsletter.</summary>
    private IQueryable<Form> PortalForms() => db.Set<Form>().AsNoTracking().Where(f => f.ShowOnPortal && f.IsOpen && f.Kind == FormKind.Form);

    /// <summary>
    /// A form the customer may fill: one shown on the portal, or one their open portal task asks for (a form made for the
    /// task need not be listed); with the task's subject when it is such a task's.
    /// </summary>
    private async Task<(Form? Form, string? TaskSubject)> FillableAsync(PortalCustomer customer, string key, Guid? task, CancellationToken cancellationToken)
    {
        if (key.Length is 0 or > 24
            || await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.PublicKey == key && f.Kind == FormKind.Form, cancellationToken) is not { } form)
        {
            return (null, null);
        }

        var subject = task is { } id ? await mediator.Send(new GetFormTask(id, customer.ContactId, form.PublicKey), cancellationToken) : null;
        return form.ShowOnPortal || subject is not null ? (form, subject) : (null, null);
    }

    private Task<FormSubmission?> SubmissionAsync(PortalCustomer customer, Guid id, CancellationToken cancellationToken)
    {
        var contact = customer.ContactId;
        return db.Set<FormSubmission>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.ContactId == contact, cancellationToken);
    }

    /// <summary>The fields the customer fills: never those staff fill.</summary>
    private static List<FormField> Asked(IEnumerable<FormField> fields) => [.. fields.Where(f => f.OnPublicForm)];
}

/// <summary>The forms a workflow's portal task may ask for: open forms (not newsletters), listed or not on the portal.</summary>
public sealed class ListFillableFormsHandler(DbContext db) : IRequestHandler<ListFillableForms, IReadOnlyList<FillableForm>>
{
    public async ValueTask<IReadOnlyList<FillableForm>> Handle(ListFillableForms request, CancellationToken cancellationToken) =>
        await db.Set<Form>().AsNoTracking().Where(f => f.Kind == FormKind.Form && f.IsOpen).OrderBy(f => f.Name).Take(500)
            .Select(f => new FillableForm(f.PublicKey, f.Name, f.TitleFa, f.TitleEn)).ToListAsync(cancellationToken);
}

public sealed class ListLeadFormsHandler(DbContext db) : IRequestHandler<ListLeadForms, IReadOnlyList<FillableForm>>
{
    public async ValueTask<IReadOnlyList<FillableForm>> Handle(ListLeadForms request, CancellationToken cancellationToken) =>
        await db.Set<Form>().AsNoTracking().Where(f => f.Kind == FormKind.Form && f.IsOpen && f.IsPublic && f.CreateLead).OrderBy(f => f.Name).Take(100)
            .Select(f => new FillableForm(f.PublicKey, f.Name, f.TitleFa, f.TitleEn)).ToListAsync(cancellationToken);
}
