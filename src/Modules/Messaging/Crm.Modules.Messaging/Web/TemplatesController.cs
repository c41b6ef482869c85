using System.ComponentModel.DataAnnotations;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Messaging.Web;

/// <summary>
/// Message templates per channel and language. A template that names a placeholder that does not exist is refused
/// when it is saved; the form previews the message filled from a sample record and counts SMS parts as one types.
/// </summary>
[Area(MessagingModule.ModuleName)]
[HasPermission(MessagingPermissions.Manage)]
[AutoValidateAntiforgeryToken]
public sealed class TemplatesController(DbContext db, IStringLocalizer<MessagingResources> l) : Controller
{
    /// <summary>The sample record a Persian template's preview is filled from.</summary>
    public static readonly IReadOnlyDictionary<string, object?> Sample = new Dictionary<string, object?>
    {
        ["Contact.FirstName"] = "مریم",
        ["Contact.LastName"] = "احمدی",
        ["Contact.FullName"] = "مریم احمدی",
        ["Lead.FullName"] = "رضا کریمی",
        ["Lead.Company"] = "بازرگانی نوین",
        ["Organization.Name"] = "بازرگانی نوین",
        ["User.DisplayName"] = "سارا محمدی",
        ["Invoice.Number"] = "INV-1405-000123",
        ["Invoice.Amount"] = 185_000_000m,
        ["Invoice.AmountDue"] = 62_500_000m,
        ["Invoice.DueDate"] = new DateOnly(2026, 12, 21),
        ["Quote.Number"] = "QT-1405-000045",
        ["Quote.Total"] = 240_000_000m,
        ["Quote.ValidUntil"] = new DateOnly(2026, 12, 6),
        ["Company.Name"] = "شرکت نمونه",
        ["UnsubscribeUrl"] = "#",
    };

    /// <summary>The same sample for an English template: names in Latin letters.</summary>
    public static readonly IReadOnlyDictionary<string, object?> EnglishSample = new Dictionary<string, object?>(Sample)
    {
        ["Contact.FirstName"] = "Maryam",
        ["Contact.LastName"] = "Ahmadi",
        ["Contact.FullName"] = "Maryam Ahmadi",
        ["Lead.FullName"] = "Reza Karimi",
        ["Lead.Company"] = "Novin Trading",
        ["Organization.Name"] = "Novin Trading",
        ["User.DisplayName"] = "Sara Mohammadi",
        ["Company.Name"] = "Sample Co.",
    };

    [HttpGet]
    public async Task<IActionResult> Index(bool deleted, CancellationToken cancellationToken)
    {
        var templates = await db.Set<MessageTemplate>().IgnoreQueryFilters().AsNoTracking().Where(t => t.IsDeleted == deleted)
            .OrderBy(t => t.Key).ThenBy(t => t.Channel).ThenBy(t => t.Culture).ToListAsync(cancellationToken);
        ViewBag.Deleted = deleted;
        return View(templates);
    }

    [HttpGet]
    public IActionResult Create() =>
        View("Edit", new TemplateEditModel { Culture = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fa" });

    [HttpGet]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var template = await db.Set<MessageTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return template is null ? NotFound() : View(TemplateEditModel.From(template));
    }

    [HttpPost]
    public async Task<IActionResult> Save(TemplateEditModel model, CancellationToken cancellationToken)
    {
        foreach (var (field, text) in new[] { (nameof(model.Subject), model.Subject), (nameof(model.Body), model.Body) })
        {
            var problems = MessageText.Problems(text);
            if (problems.Count > 0)
            {
                ModelState.AddModelError(field, l["Template_UnknownPlaceholders", string.Join("، ", problems)]);
            }
        }

        if (model.Channel == MessageChannel.Email && string.IsNullOrWhiteSpace(model.Subject))
        {
            ModelState.AddModelError(nameof(model.Subject), l["SubjectRequired"]);
        }

        var key = model.Key?.Trim().ToLowerInvariant() ?? "";
        if (await db.Set<MessageTemplate>().AnyAsync(t => t.Key == key && t.Channel == model.Channel && t.Culture == model.Culture && t.Id != model.Id, cancellationToken))
        {
            ModelState.AddModelError(nameof(model.Key), l["Template_Exists"]);
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", model);
        }

        var template = model.Id is { } id ? await db.Set<MessageTemplate>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) : new MessageTemplate();
        if (template is null)
        {
            return NotFound();
        }

        if (model.Id is not null && template.Version != model.Version)
        {
            ModelState.AddModelError("", l["Error_Concurrency"]);
            return View("Edit", model);
        }

        (template.Key, template.Name, template.Channel, template.Culture, template.Category) = (key, model.Name!.Trim(), model.Channel, model.Culture, model.Category);
        template.Subject = model.Channel == MessageChannel.Email ? model.Subject?.Trim() : null;
        template.Body = model.Body!;
        if (model.Id is null)
        {
            db.Add(template);
        }

        return await this.SaveSettingsAsync(db, l["Saved"], l["Error_Concurrency"], () => View("Edit", model), cancellationToken);
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<MessageTemplate>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<MessageTemplate>().IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == id, cancellationToken),
            merged: false, id, l["Restored"], cancellationToken, page: nameof(Edit));

    /// <summary>The message as a recipient would get it, filled from the sample record (used by the form as one types).</summary>
    [HttpPost]
    public IActionResult Preview(MessageChannel channel, string? culture, string? subject, string? body)
    {
        var language = culture == "en" ? "en" : "fa";
        var html = channel == MessageChannel.Email;
        var sample = language == "en" ? EnglishSample : Sample;
        var text = MessageText.Render(body ?? "", sample, language, html);
        var sms = MessageText.SmsParts(text);
        return Json(new
        {
            subject = MessageText.Render(subject ?? "", sample, language, html: false),
            body = text,
            problems = MessageText.Problems(subject).Concat(MessageText.Problems(body)).Distinct(),
            characters = sms.Characters,
            parts = sms.Parts,
        });
    }
}

public sealed class TemplateEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    [Required(ErrorMessage = "Required")]
    [RegularExpression("^[a-zA-Z0-9._-]{2,100}$", ErrorMessage = "Template_KeyFormat")]
    public string? Key { get; set; }

    [Required(ErrorMessage = "Required")]
    [StringLength(200)]
    public string? Name { get; set; }

    public MessageChannel Channel { get; set; } = MessageChannel.Sms;

    [RegularExpression("^(fa|en)$", ErrorMessage = "UnknownCulture")]
    public string Culture { get; set; } = "fa";

    public MessageCategory Category { get; set; }

    [StringLength(400)]
    public string? Subject { get; set; }

    [Required(ErrorMessage = "BodyRequired")]
    public string? Body { get; set; }

    public static TemplateEditModel From(MessageTemplate t) => new()
    {
        Id = t.Id,
        Version = t.Version,
        Key = t.Key,
        Name = t.Name,
        Channel = t.Channel,
        Culture = t.Culture,
        Category = t.Category,
        Subject = t.Subject,
        Body = t.Body,
    };
}
