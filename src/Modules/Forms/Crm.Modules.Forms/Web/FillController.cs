using Crm.Modules.Campaigns.Contracts;
using System.Globalization;
using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Portal.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Web;

/// <summary>A form as its filler sees it: the fields to fill, what they typed back with its errors, and how the page is shown.</summary>
public sealed record FillModel(Form Form, IReadOnlyList<FormField> Fields, string Token, IReadOnlyDictionary<string, string?> Typed,
    IReadOnlyDictionary<string, string> Errors, bool Embedded, bool Preview, bool Staff, string? Message)
{
    /// <summary>The campaign code the link carried, kept in the form so its answer is the campaign's (only a code's shape passes).</summary>
    public string? CampaignCode { get; init; }
}

/// <summary>
/// A form's own page, at <c>/f/{key}</c>: open to anyone when the form is public (its fields for visitors only, never a
/// lookup of CRM data), otherwise to signed-in staff who may fill forms. <c>/f/{key}/embed</c> is the same page for an
/// iframe on one of the form's allowed sites. Posts are checked by <see cref="FormProtection"/> before anything is read
/// or stored; each refusal says why in the visitor's language and keeps what they typed.
/// </summary>
[Area(FormsModule.ModuleName)]
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.Public)]
[RequestSizeLimit(FillController.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FillController.MaxRequestBytes, ValueCountLimit = 400, ValueLengthLimit = 20_000)]
public sealed class FillController(
    DbContext db,
    FormProtection protection,
    IMediator mediator,
    ICurrentUser user,
    IAntiforgery antiforgery,
    IStringLocalizer<FormsResources> l) : Controller
{
    /// <summary>All the files a form may take at their largest, and its text.</summary>
    public const long MaxRequestBytes = 4L * FormUploads.MaxFileKilobytes * 1024 + 1024 * 1024;

    [HttpGet("/f/{key}")]
    public Task<IActionResult> Open(string key, CancellationToken cancellationToken) => ShowAsync(key, embedded: false, cancellationToken);

    [HttpGet("/f/{key}/embed")]
    public Task<IActionResult> Embed(string key, CancellationToken cancellationToken) => ShowAsync(key, embedded: true, cancellationToken);

    [HttpGet("/f/{key}/thanks")]
    public async Task<IActionResult> Thanks(string key, bool embed, CancellationToken cancellationToken)
    {
        if (await FormAsync(key, cancellationToken) is not { } form || !MayFill(form))
        {
            return NotFound();
        }

        if (embed)
        {
            AllowFraming(form);
        }

        return View(new FillModel(form, [], "", new Dictionary<string, string?>(), new Dictionary<string, string>(), embed, false, IsStaff, null));
    }

    [HttpPost("/f/{key}")]
    [IgnoreAntiforgeryToken] // The signed fill token is an anonymous visitor's anti-forgery (FormProtection; ADR 0022): an embed's iframe gets no same-site cookie. Staff are checked below.
    public async Task<IActionResult> Submit(string key, bool embed, CancellationToken cancellationToken)
    {
        var form = await FormAsync(key, cancellationToken);
        if (form is null || !MayFill(form))
        {
            return form is null || user.UserId is not null ? NotFound() : Challenge();
        }

        var fields = await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken);
        var campaignCode = CampaignCodes.Clean(Request.Form[CampaignCodes.QueryName]);
        var typed = Request.Form.Keys.Where(k => k.Length <= 50).ToDictionary(k => k, k => (string?)string.Join(',', Request.Form[k].ToArray()), StringComparer.Ordinal);
        foreach (var items in fields.Where(f => f.Type == FieldType.NewsItems))
        {
            typed[items.Key] = NewsItems.FromRows(part => Request.Form[items.Key + "." + part].ToArray());
        }

        if (embed)
        {
            AllowFraming(form);
        }

        IActionResult Again(string message, IReadOnlyDictionary<string, string>? errors = null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Fill", new FillModel(form, Visible(fields), protection.IssueToken(form.Id), typed, errors ?? new Dictionary<string, string>(), embed, false, IsStaff, message)
            {
                CampaignCode = campaignCode,
            });
        }

        if (!form.IsOpen)
        {
            return Again(l["Error_Closed"]);
        }

        var (refusal, tokenKey) = protection.CheckPost(form.Id, Request.Form[FormProtection.TokenField], Request.Form[FormProtection.HoneypotField]);
        // A signed-in member of staff also brings the session's anti-forgery token, so another site cannot post in their name.
        if (refusal == Refusal.None && user.UserId is not null && !await antiforgery.IsRequestValidAsync(HttpContext))
        {
            refusal = Refusal.Expired;
        }

        var senderKey = FormProtection.SenderKey(form.Id, HttpContext.Connection.RemoteIpAddress?.ToString());
        if (refusal == Refusal.None && !IsStaff)
        {
            refusal = await protection.CheckLimitsAsync(form.Id, senderKey, cancellationToken);
        }

        if (refusal != Refusal.None)
        {
            return Again(l["Refused_" + refusal]);
        }

        var files = Request.Form.Files.Take(FormUploads.MaxFiles + 1).Select(f => new SubmissionFile(f.Name, f.FileName, f.Length, f.OpenReadStream)).ToList();
        var location = Location(Request.Form["geo_lat"], Request.Form["geo_lng"], Request.Form["geo_acc"]);
        SubmitOutcome outcome;
        try
        {
            outcome = await mediator.Send(new SubmitForm(form.Id, IsStaff ? SubmissionChannel.Staff : SubmissionChannel.Public, typed, files, location, senderKey, tokenKey,
                IsStaff ? user.UserId : null) { Form = form, CampaignCode = campaignCode }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same page posted twice at once: the other post stored it.
            outcome = await db.Set<FormSubmission>().AnyAsync(s => s.FormId == form.Id && s.TokenKey == tokenKey, cancellationToken)
                ? new SubmitOutcome(Guid.Empty, new Dictionary<string, string>()) : throw new InvalidOperationException("The submission could not be stored.");
        }

        if (!outcome.Done)
        {
            return Again(outcome.Errors.GetValueOrDefault("") ?? l["Error_Check"], outcome.Errors);
        }

        if (form.CreatePortalAccount && outcome.ContactId is { } contact)
        {
            // Opened after the submission is stored, so a refusal (no mobile, the number taken) never loses what was sent.
            await mediator.Send(new OpenPortalAccount(contact, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName), cancellationToken);
        }

        if (IsStaff && outcome.Id is { } id && id != Guid.Empty && user.HasPermission(FormsPermissions.ViewSubmissions))
        {
            TempData["Message"] = l["Submitted"].Value;
            return Redirect(FormLinks.Submission(id));
        }

        return form.RedirectUrl is { } redirect && FormDesigner.IsOnSites(redirect, form.Sites()) && !embed
            ? Redirect(redirect)
            : Redirect(FormLinks.Public(form.PublicKey) + "/thanks" + (embed ? "?embed=true" : ""));
    }

    private bool IsStaff => user.UserId is not null && user.HasPermission(FormsPermissions.Fill);

    private bool MayFill(Form form) => form.IsPublic || IsStaff;

    private async Task<IActionResult> ShowAsync(string key, bool embedded, CancellationToken cancellationToken)
    {
        if (await FormAsync(key, cancellationToken) is not { } form)
        {
            return NotFound();
        }

        if (!MayFill(form))
        {
            return user.UserId is not null ? NotFound() : Challenge();
        }

        if (embedded)
        {
            AllowFraming(form);
        }

        if (!IsStaff)
        {
            // One atomic update per view, so instances never lose each other's counts.
            await db.Set<Form>().Where(f => f.Id == form.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.Views, f => f.Views + 1), cancellationToken);
        }

        var fields = await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken);
        var defaults = fields.Where(f => f.Default is not null).ToDictionary(f => f.Key, f => f.Default);
        return View("Fill", new FillModel(form, Visible(fields), protection.IssueToken(form.Id), defaults, new Dictionary<string, string>(), embedded, false, IsStaff,
            form.IsOpen ? null : l["Error_Closed"].Value) { CampaignCode = CampaignCodes.Clean(Request.Query[CampaignCodes.QueryName]) });
    }

    /// <summary>The fields the filler sees: never those staff fill.</summary>
    private static List<FormField> Visible(IEnumerable<FormField> fields) => fields.Where(f => f.OnPublicForm).ToList();

    private Task<Form?> FormAsync(string key, CancellationToken cancellationToken) =>
        key.Length is > 0 and <= 24 ? db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.PublicKey == key, cancellationToken) : Task.FromResult<Form?>(null);

    /// <summary>Lets the form's allowed sites (and only them) show this answer in a frame.</summary>
    private void AllowFraming(Form form)
    {
        var ancestors = form.Sites().Append("'self'").ToList();
        PagePolicy.AllowAncestors(Response, ancestors);
    }

    private static SubmissionLocation? Location(string? latitude, string? longitude, string? accuracy) =>
        double.TryParse(latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
        && double.TryParse(longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lng)
        && double.TryParse(string.IsNullOrEmpty(accuracy) ? "0" : accuracy, NumberStyles.Float, CultureInfo.InvariantCulture, out var acc)
            ? new SubmissionLocation(lat, lng, acc) : null;
}

/// <summary>One field on a form page: what was typed (or its default) and its error.</summary>
public sealed record FieldView(FormField Field, string? Value, string? Error, string? TimeValue);
