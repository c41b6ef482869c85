using Crm.SharedKernel.Web;
using System.Globalization;
using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Web;

public sealed record SubmissionListModel(SubmissionFilter Filter, KeysetPage<SubmissionRow> Page, IReadOnlyList<(Guid Id, string Name)> Forms, Form? Form,
    IReadOnlyList<FormField> Fields, FormFigures? Figures, IReadOnlyDictionary<Guid, string> FormNames);

public sealed record SubmissionDetailsModel(FormSubmission Submission, Form Form, IReadOnlyList<FormField> Fields, IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<FormSubmissionFile> Files, bool CanEdit, IReadOnlyDictionary<string, string> Errors, string? CreatedByName, int VersionNumber, bool OlderVersion);

/// <summary>Form submissions as staff see them: a list per form with filters on any field, export, and each one's page with its staff fields.</summary>
[Area(FormsModule.ModuleName)]
[HasPermission(FormsPermissions.ViewSubmissions)]
[AutoValidateAntiforgeryToken]
public sealed class SubmissionsController(
    DbContext db,
    SubmissionList list,
    FieldRules rules,
    ICurrentUser user,
    IMediator mediator,
    IFileStore files,
    ISpreadsheets spreadsheets,
    IDisplayFormatter fmt,
    IClock clock,
    IStringLocalizer<FormsResources> l) : Controller
{
    private const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] SubmissionFilter filter, CancellationToken cancellationToken)
    {
        var forms = (await db.Set<Form>().AsNoTracking().OrderBy(f => f.Name).Take(500).Select(f => new { f.Id, f.Name }).ToListAsync(cancellationToken))
            .Select(f => (f.Id, f.Name)).ToList();
        var form = filter.Form is { } id ? await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken) : null;
        var fields = form is null ? [] : await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken);
        var page = await list.PageAsync(filter, fields, PageSize, cancellationToken);
        var figures = form is null ? null : await list.FiguresAsync(form, cancellationToken);
        return View(new SubmissionListModel(filter, page, forms, form, fields, figures, forms.ToDictionary(f => f.Id, f => f.Name)));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken) =>
        await ModelAsync(id, new Dictionary<string, string>(), cancellationToken) is { } model ? View(model) : NotFound();

    /// <summary>Saves the staff fields (a status, a note) of a submission, with the same checks as the form's own fields.</summary>
    [HttpPost]
    [HasPermission(FormsPermissions.EditSubmissions)]
    public async Task<IActionResult> SaveStaff(Guid id, Guid version, CancellationToken cancellationToken)
    {
        var submission = await db.Set<FormSubmission>().VisibleTo(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (submission is null)
        {
            return NotFound();
        }

        var fields = await SubmissionValues.FieldsAsync(db, submission.VersionId, cancellationToken);
        var values = FormFields.ReadValues(submission.Values);
        var staffFields = fields.Where(f => f.StaffFills).ToList();
        var (changed, errors) = rules.CheckAll(staffFields, key => Request.Form.TryGetValue(key, out var v) ? string.Join(',', v.ToArray()) : null);
        if (submission.Version != version)
        {
            errors[""] = l["Error_Concurrency"];
        }

        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Details", await ModelAsync(id, errors, cancellationToken));
        }

        foreach (var field in staffFields)
        {
            values[field.Key] = changed.GetValueOrDefault(field.Key) ?? "";
        }

        await SubmissionValues.ApplyAsync(db, submission, fields, values, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Details", await ModelAsync(id, new Dictionary<string, string> { [""] = l["Error_Concurrency"] }, cancellationToken));
        }

        TempData["Message"] = l["Saved"].Value;
        return RedirectToAction("Details", new { id });
    }

    [HttpPost]
    [HasPermission(FormsPermissions.EditSubmissions)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var submission = await db.Set<FormSubmission>().VisibleTo(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (submission is null)
        {
            return NotFound();
        }

        db.Remove(submission);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["SubmissionDeleted"].Value;
        TempData["RestoreUrl"] = Url.Action("Restore", new { id });
        return RedirectToAction("Index", new { form = submission.FormId });
    }

    [HttpPost]
    [HasPermission(FormsPermissions.EditSubmissions)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        var submission = await db.Set<FormSubmission>().IgnoreQueryFilters().VisibleTo(user).FirstOrDefaultAsync(s => s.Id == id && s.IsDeleted, cancellationToken);
        if (submission is null)
        {
            return NotFound();
        }

        submission.IsDeleted = false;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["SubmissionRestored"].Value;
        return RedirectToAction("Details", new { id });
    }

    /// <summary>A submission's file, to those who may see the submission; served as a download unless it is an image or a PDF.</summary>
    [HttpGet]
    public async Task<IActionResult> File(Guid id, CancellationToken cancellationToken)
    {
        var file = await db.Set<FormSubmissionFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (file is null || !await db.Set<FormSubmission>().VisibleTo(user).AnyAsync(s => s.Id == file.SubmissionId, cancellationToken)
            || await files.OpenReadAsync(file.StoreName, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        return UploadedFiles.Serve(this, content, file.ContentType, file.FileName);
    }

    /// <summary>The form's submissions as filtered, one column per field (those of older versions too), dates as the reader's calendar shows them.</summary>
    [HttpGet]
    [HasPermission(FormsPermissions.Export)]
    public async Task<IActionResult> Export([FromQuery] SubmissionFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Form is not { } formId || await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == formId, cancellationToken) is not { } form)
        {
            return NotFound();
        }

        var versions = await db.Set<FormVersion>().AsNoTracking().Where(v => v.FormId == form.Id).OrderByDescending(v => v.Number).Select(v => v.Fields).ToListAsync(cancellationToken);
        var columns = versions.SelectMany(FormFields.Read).Where(f => f.HoldsValue).DistinctBy(f => f.Key).ToList();
        var current = await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken);
        var names = (await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName);
        var rows = list.Query(filter, current).OrderByDescending(s => s.Id)
            .Select(s => new { s.CreatedAt, s.ContactName, s.Status, s.Channel, s.CreatedBy, s.Values, s.Latitude, s.Longitude }).AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"submissions-{clock.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        var headers = new List<string> { l["Field_SubmittedAt"], l["Field_Contact"], l["Field_Status"], l["Field_Channel"], l["Field_SubmittedBy"], l["Field_Location"] };
        headers.AddRange(columns.Select(c => c.Label(fmt.IsPersian)));
        await spreadsheets.WriteXlsxAsync(Response.Body, TextLimitsForSheet(form.Name), headers,
            rows.ToSheetRows(s =>
            {
                var values = FormFields.ReadValues(s.Values);
                var cells = new List<object?>
                {
                    fmt.DateTime(s.CreatedAt), s.ContactName, s.Status, l["Channel_" + s.Channel].Value,
                    s.CreatedBy is { } by && names.TryGetValue(by, out var name) ? name : null,
                    s.Latitude is { } lat ? string.Create(CultureInfo.InvariantCulture, $"{lat:0.######}, {s.Longitude:0.######}") : null,
                };
                cells.AddRange(columns.Select(c => values.TryGetValue(c.Key, out var v) ? (object?)SubmissionDisplay.Text(c, v, fmt, l) : null));
                return [.. cells];
            }),
            fmt.IsPersian, cancellationToken);
        return new EmptyResult();
    }

    private static string TextLimitsForSheet(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or '*' or '?' or '/' or '\\' or ':')).ToArray()).Trim();
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(clean.Length, 31)];
    }

    private async Task<SubmissionDetailsModel?> ModelAsync(Guid id, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var submission = await db.Set<FormSubmission>().IgnoreQueryFilters().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (submission is null)
        {
            return null;
        }

        var form = await db.Set<Form>().IgnoreQueryFilters().AsNoTracking().FirstAsync(f => f.Id == submission.FormId, cancellationToken);
        var version = await db.Set<FormVersion>().AsNoTracking().FirstAsync(v => v.Id == submission.VersionId, cancellationToken);
        var stored = await db.Set<FormSubmissionFile>().AsNoTracking().Where(f => f.SubmissionId == id).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var creator = submission.CreatedBy is { } by ? (await mediator.Send(new GetUserSummary(by), cancellationToken))?.DisplayName : null;
        return new SubmissionDetailsModel(submission, form, FormFields.Read(version.Fields), FormFields.ReadValues(submission.Values), stored,
            user.HasPermission(FormsPermissions.EditSubmissions) && !submission.IsDeleted, errors, creator, version.Number, version.Id != form.CurrentVersionId);
    }
}

/// <summary>A stored value as people read it: choices by their labels, dates in the reader's calendar, amounts with separators.</summary>
public static class SubmissionDisplay
{
    public static string Text(FormField field, string value, IDisplayFormatter fmt, IStringLocalizer l) => field.Type switch
    {
        FieldType.SingleChoice or FieldType.Dropdown => field.OptionLabel(value, fmt.IsPersian),
        FieldType.MultipleChoice => string.Join(fmt.Separator, value.Split(',').Select(v => field.OptionLabel(v, fmt.IsPersian))),
        FieldType.YesNo => value == "true" ? l["Yes"] : l["No"],
        FieldType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? fmt.Date(d) : value,
        FieldType.DateTime => DateTime.TryParseExact(value, "yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? fmt.DateTime(t) : value,
        FieldType.Amount => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? fmt.Number(a) : value,
        FieldType.Number => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? fmt.Number(n) : value,
        FieldType.NewsItems => string.Join(fmt.Separator, NewsItems.Read(value).Select(i => i.Title)),
        _ => value,
    };
}
