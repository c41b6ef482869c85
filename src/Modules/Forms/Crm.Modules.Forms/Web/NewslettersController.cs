using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Web;

public sealed record NewsletterTemplateModel(Form Form, string Template, IReadOnlyList<string> Problems, IReadOnlyList<string> Removed, Guid? LatestIssue, string? Error);

public sealed record NewsletterSendModel(Form Form, FormSubmission Issue, NewsletterSendInput Input, IReadOnlyList<(Guid Id, string Name)> SignUpForms,
    IReadOnlyList<NewsletterSend> Sends, IReadOnlyDictionary<string, string> Errors, int MaxRecipients);

public sealed class NewsletterSendInput
{
    public Guid SendId { get; set; }

    public string? Subject { get; set; }

    public string Culture { get; set; } = "fa";

    public string? Addresses { get; set; }

    public Guid? Subscribers { get; set; }
}

/// <summary>
/// Newsletters: the template an administrator edits (checked, previewed with the latest issue), an issue rendered for its
/// preview, and an issue sent to its recipients as marketing email. A rendered issue is served as a document of its own
/// where nothing runs, and only this site may frame it.
/// </summary>
[Area(FormsModule.ModuleName)]
[HasPermission(FormsPermissions.ViewSubmissions)]
[AutoValidateAntiforgeryToken]
public sealed class NewslettersController(DbContext db, IMediator mediator, ICurrentUser user, IDisplayFormatter fmt,
    Microsoft.Extensions.Options.IOptions<NewsletterOptions> options, IStringLocalizer<FormsResources> l) : Controller
{
    [HttpGet]
    [HasPermission(FormsPermissions.Design)]
    public async Task<IActionResult> Template(Guid id, CancellationToken cancellationToken) =>
        await NewsletterAsync(id, cancellationToken) is { } form ? View(await TemplateModelAsync(form, form.Template ?? "", null, cancellationToken)) : NotFound();

    [HttpPost]
    [HasPermission(FormsPermissions.Design)]
    [RequestFormLimits(ValueLengthLimit = Form.TemplateMaxLength * 2)]
    public async Task<IActionResult> Template(Guid id, Guid version, string? template, CancellationToken cancellationToken)
    {
        var form = await db.Set<Form>().FirstOrDefaultAsync(f => f.Id == id && f.Kind == FormKind.Newsletter, cancellationToken);
        if (form is null)
        {
            return NotFound();
        }

        template ??= "";
        var error = template.Length > Form.TemplateMaxLength ? l["Error_SettingTooLong", fmt.Number(Form.TemplateMaxLength)].Value
            : template.Trim().Length == 0 ? l["Error_RequiredSetting"].Value
            : NewsletterTemplate.Problems(template) is { Count: > 0 } problems ? l["Error_Placeholders", string.Join(" ", problems.Take(10))].Value
            : form.Version != version ? l["Error_Concurrency"].Value
            : null;
        if (error is null)
        {
            form.Template = template;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                TempData["Message"] = l["TemplateSaved"].Value;
                return RedirectToAction("Template", new { id });
            }
            catch (DbUpdateConcurrencyException)
            {
                error = l["Error_Concurrency"];
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var unsaved = await db.Set<Form>().AsNoTracking().FirstAsync(f => f.Id == id, cancellationToken);
        return View(await TemplateModelAsync(unsaved, template.Length > Form.TemplateMaxLength ? template[..Form.TemplateMaxLength] : template, error, cancellationToken));
    }

    /// <summary>A newsletter rendered as its email: the issue named, or (for the template's author) the latest issue or a sample.</summary>
    [HttpGet]
    public async Task<IActionResult> Render(Guid id, Guid? issue, string? culture, CancellationToken cancellationToken)
    {
        var form = await NewsletterAsync(id, cancellationToken);
        if (form is null || (issue is null && !user.HasPermission(FormsPermissions.Design)))
        {
            return NotFound();
        }

        var submission = issue is { } issueId
            ? await db.Set<FormSubmission>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == issueId && s.FormId == id, cancellationToken)
            : await LatestIssueAsync(id, cancellationToken);
        if (issue is not null && submission is null)
        {
            return NotFound();
        }

        var lang = culture == "en" ? "en" : "fa";
        var html = NewsletterTemplate.Render(form.Template ?? "", IssueOf(form, submission, lang), lang);
        // Written by people, shown as a document of its own: nothing runs, images come from anywhere, only this site frames it.
        Response.Headers.Remove("X-Frame-Options");
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
        return Content($"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body style=\"margin:0\">{html}</body></html>",
            "text/html; charset=utf-8");
    }

    [HttpGet]
    [HasPermission(FormsPermissions.SendNewsletters)]
    public async Task<IActionResult> Send(Guid id, CancellationToken cancellationToken)
    {
        var input = new NewsletterSendInput { SendId = Guid.NewGuid(), Culture = fmt.IsPersian ? "fa" : "en" };
        return await SendModelAsync(id, input, new Dictionary<string, string>(), cancellationToken) is { } model ? View(model) : NotFound();
    }

    [HttpPost]
    [HasPermission(FormsPermissions.SendNewsletters)]
    [RequestFormLimits(ValueLengthLimit = SendNewsletterIssueHandler.AddressesMaxLength * 2)]
    public async Task<IActionResult> Send(Guid id, NewsletterSendInput input, CancellationToken cancellationToken)
    {
        if (await SendModelAsync(id, input, new Dictionary<string, string>(), cancellationToken) is null)
        {
            return NotFound();
        }

        input.Culture = input.Culture == "en" ? "en" : "fa";
        NewsletterSendOutcome outcome;
        try
        {
            outcome = await mediator.Send(new SendNewsletterIssue(input.SendId, id, input.Subject, input.Culture, input.Addresses, input.Subscribers, user.UserId), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same page posted twice at once: the other post queued the send.
            outcome = new NewsletterSendOutcome(0, new Dictionary<string, string>(), AlreadySent: true);
        }

        if (!outcome.Done)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await SendModelAsync(id, input, outcome.Errors, cancellationToken));
        }

        TempData["Message"] = outcome.AlreadySent ? l["AlreadySent"].Value : l["IssueQueued", fmt.Number(outcome.Recipients)].Value;
        return RedirectToAction("Send", new { id });
    }

    private Task<Form?> NewsletterAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.Kind == FormKind.Newsletter, cancellationToken);

    private Task<FormSubmission?> LatestIssueAsync(Guid formId, CancellationToken cancellationToken) =>
        db.Set<FormSubmission>().VisibleTo(user).AsNoTracking().Where(s => s.FormId == formId).OrderByDescending(s => s.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The issue as the template sees it; with no issue yet, a sample in the language of the preview.</summary>
    private NewsletterIssue IssueOf(Form form, FormSubmission? submission, string culture)
    {
        var title = culture == "en" && form.TitleEn.Length > 0 ? form.TitleEn : form.TitleFa;
        if (submission is not null)
        {
            return NewsletterIssue.From(title, FormFields.ReadValues(submission.Values), DateOnly.FromDateTime(fmt.ToLocal(submission.CreatedAt)));
        }

        string T(string key) => l.InCulture(culture, key);
        return new NewsletterIssue(title, T("Sample_IssueTitle"), "1", null, fmt.Today(),
            [new NewsItem { Title = T("Sample_ItemTitle"), Text = T("Sample_ItemText"), Link = "https://www.example.com" }, new NewsItem { Title = T("Sample_ItemTitle2") }]);
    }

    private async Task<NewsletterTemplateModel> TemplateModelAsync(Form form, string template, string? error, CancellationToken cancellationToken)
    {
        var latest = await LatestIssueAsync(form.Id, cancellationToken);
        var sample = IssueOf(form, latest, "fa");
        var problems = NewsletterTemplate.Problems(template);
        return new NewsletterTemplateModel(form, template, problems, problems.Count == 0 ? NewsletterTemplate.Removed(template, sample) : [], latest?.Id, error);
    }

    private async Task<NewsletterSendModel?> SendModelAsync(Guid id, NewsletterSendInput input, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var issue = await db.Set<FormSubmission>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        var form = issue is null ? null : await NewsletterAsync(issue.FormId, cancellationToken);
        if (issue is null || form is null)
        {
            return null;
        }

        if (string.IsNullOrEmpty(input.Subject) && errors.Count == 0)
        {
            var values = FormFields.ReadValues(issue.Values);
            input.Subject = $"{(input.Culture == "en" && form.TitleEn.Length > 0 ? form.TitleEn : form.TitleFa)}: {values.GetValueOrDefault(NewsletterIssue.TitleField)}";
            input.Subject = input.Subject.Length > NewsletterTemplate.SubjectMaxLength ? input.Subject[..NewsletterTemplate.SubjectMaxLength] : input.Subject;
        }

        // Sign-up forms: those that ask for an email (newsletters themselves aside).
        var candidates = await db.Set<Form>().AsNoTracking().Where(f => f.Kind == FormKind.Form).OrderBy(f => f.Name).Take(500)
            .Select(f => new { f.Id, f.Name, f.CurrentVersionId }).ToListAsync(cancellationToken);
        var versionIds = candidates.Select(c => c.CurrentVersionId).ToList();
        var withEmail = (await db.Set<FormVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id)).Select(v => new { v.Id, v.Fields }).ToListAsync(cancellationToken))
            .Where(v => FormFields.Read(v.Fields).Any(f => f.Type == FieldType.Email)).Select(v => v.Id).ToHashSet();
        var signUps = candidates.Where(c => withEmail.Contains(c.CurrentVersionId)).Select(c => (c.Id, c.Name)).ToList();
        var sends = await db.Set<NewsletterSend>().AsNoTracking().Where(s => s.SubmissionId == id).OrderByDescending(s => s.SentAt).Take(50).ToListAsync(cancellationToken);
        return new NewsletterSendModel(form, issue, input, signUps, sends, errors, options.Value.MaxRecipients);
    }
}
