using System.Globalization;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Web;

public sealed class SettingsModel
{
    public Guid Version { get; set; }

    public string? CompanyName { get; set; }

    public string? CompanyEnglishName { get; set; }

    public string? EconomicCode { get; set; }

    public string? NationalId { get; set; }

    public string? RegistrationNumber { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? FooterText { get; set; }

    public string? DefaultTerms { get; set; }

    public string? DefaultInvoiceTerms { get; set; }

    public string QuotePattern { get; set; } = "";

    public string InvoicePattern { get; set; } = "";

    public string ReturnPattern { get; set; } = "";

    public string ServicePattern { get; set; } = "";

    public int QuoteValidDays { get; set; }

    public int PaymentDays { get; set; }

    public string? ApprovalThreshold { get; set; }

    public IFormFile? Logo { get; set; }

    public IFormFile? Seal { get; set; }

    public bool RemoveLogo { get; set; }

    public bool RemoveSeal { get; set; }

    public bool HasLogo { get; set; }

    public bool HasSeal { get; set; }
}

/// <summary>The company on the documents, numbering and terms, the discount that needs approval, and the reminder policies.</summary>
[Area(InvoicingModule.ModuleName)]
[HasPermission(InvoicingPermissions.ManageSettings)]
[AutoValidateAntiforgeryToken]
public sealed class SettingsController(DbContext db, SettingsStore settings, IStringLocalizer<InvoicingResources> l) : Controller
{
    private const int MaxImageBytes = 512 * 1024;

    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var s = await settings.GetAsync(cancellationToken);
        ViewBag.Policies = await db.Set<ReminderPolicy>().AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        return View(new SettingsModel
        {
            Version = s.Version, CompanyName = s.CompanyName, CompanyEnglishName = s.CompanyEnglishName, EconomicCode = s.EconomicCode, NationalId = s.NationalId,
            RegistrationNumber = s.RegistrationNumber, Address = s.Address, PostalCode = s.PostalCode, Phone = s.Phone, Email = s.Email, FooterText = s.FooterText,
            DefaultTerms = s.DefaultTerms, DefaultInvoiceTerms = s.DefaultInvoiceTerms, QuotePattern = s.QuotePattern, InvoicePattern = s.InvoicePattern, ReturnPattern = s.ReturnPattern, ServicePattern = s.ServicePattern,
            QuoteValidDays = s.QuoteValidDays, PaymentDays = s.PaymentDays, ApprovalThreshold = s.ApprovalThreshold.ToString("0.##", CultureInfo.InvariantCulture),
            HasLogo = s.Logo is { Length: > 0 }, HasSeal = s.Seal is { Length: > 0 },
        });
    }

    [HttpPost]
    public async Task<IActionResult> Save(SettingsModel model, CancellationToken cancellationToken)
    {
        var s = await settings.GetAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(model.CompanyName) || model.CompanyName.Trim().Length > 300)
        {
            ModelState.AddModelError(nameof(model.CompanyName), l["Error_CompanyName"]);
        }

        foreach (var (name, pattern) in new[] { (nameof(model.QuotePattern), model.QuotePattern), (nameof(model.InvoicePattern), model.InvoicePattern),
                     (nameof(model.ReturnPattern), model.ReturnPattern), (nameof(model.ServicePattern), model.ServicePattern) })
        {
            if (!DocumentNumbers.IsValidPattern(pattern))
            {
                ModelState.AddModelError(name, l["Error_Pattern"]);
            }
        }

        if (model.QuoteValidDays is < 1 or > 365 || model.PaymentDays is < 0 or > 365)
        {
            ModelState.AddModelError(nameof(model.PaymentDays), l["Error_Days"]);
        }

        if (!MoneyText.TryParseNumber(model.ApprovalThreshold, out var threshold) || threshold is < 0 or > 100)
        {
            ModelState.AddModelError(nameof(model.ApprovalThreshold), l["Error_Percent"]);
        }

        var logo = await ImageAsync(model.Logo, nameof(model.Logo), cancellationToken);
        var seal = await ImageAsync(model.Seal, nameof(model.Seal), cancellationToken);
        if (s.Version != model.Version)
        {
            ModelState.AddModelError("", l["Error_Concurrency"]);
        }

        if (!ModelState.IsValid)
        {
            ViewBag.Policies = await db.Set<ReminderPolicy>().AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
            (model.HasLogo, model.HasSeal) = (s.Logo is { Length: > 0 }, s.Seal is { Length: > 0 });
            return View("Index", model);
        }

        s.CompanyName = model.CompanyName!.Trim();
        s.CompanyEnglishName = Clip(model.CompanyEnglishName, 300);
        s.EconomicCode = Clip(Digits.ToLatin(model.EconomicCode ?? ""), 40);
        s.NationalId = Clip(Digits.ToLatin(model.NationalId ?? ""), 40);
        s.RegistrationNumber = Clip(Digits.ToLatin(model.RegistrationNumber ?? ""), 40);
        s.Address = Clip(model.Address, 300);
        s.PostalCode = Clip(Digits.ToLatin(model.PostalCode ?? ""), 40);
        s.Phone = Clip(Digits.ToLatin(model.Phone ?? ""), 40);
        s.Email = Clip(model.Email, 200);
        s.FooterText = Clip(model.FooterText, 1000);
        s.DefaultTerms = Clip(model.DefaultTerms, 4000);
        s.DefaultInvoiceTerms = Clip(model.DefaultInvoiceTerms, 4000);
        (s.QuotePattern, s.InvoicePattern, s.ReturnPattern, s.ServicePattern) = (model.QuotePattern.Trim(), model.InvoicePattern.Trim(), model.ReturnPattern.Trim(), model.ServicePattern.Trim());
        (s.QuoteValidDays, s.PaymentDays, s.ApprovalThreshold) = (model.QuoteValidDays, model.PaymentDays, threshold);
        if (logo is not null || model.RemoveLogo)
        {
            (s.Logo, s.LogoType) = (logo?.Bytes, logo?.Type);
        }

        if (seal is not null || model.RemoveSeal)
        {
            (s.Seal, s.SealType) = (seal?.Bytes, seal?.Type);
        }

        s.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["Error"] = l["Error_Concurrency"].Value;
            return RedirectToAction(nameof(Index));
        }

        TempData["Message"] = l["Saved"].Value;
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Adds or changes a reminder policy; the one marked default becomes the only default.</summary>
    [HttpPost]
    public async Task<IActionResult> SavePolicy(Guid? id, string? name, int? daysBefore, bool onDueDate, int? everyDaysAfter, int maxCount, bool bySms, bool byEmail,
        bool thankYou, bool isDefault, CancellationToken cancellationToken)
    {
        var policy = id is { } existing ? await db.Set<ReminderPolicy>().FirstOrDefaultAsync(p => p.Id == existing, cancellationToken) : new ReminderPolicy();
        if (policy is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 || daysBefore is < 0 or > 60 || everyDaysAfter is < 1 or > 90 || maxCount is < 1 or > 50)
        {
            TempData["Error"] = l["Error_Policy"].Value;
            return RedirectToAction(nameof(Index));
        }

        (policy.Name, policy.DaysBefore, policy.OnDueDate, policy.EveryDaysAfter, policy.MaxCount) = (name.Trim(), daysBefore, onDueDate, everyDaysAfter, maxCount);
        (policy.BySms, policy.ByEmail, policy.ThankYou) = (bySms, byEmail, thankYou);
        if (isDefault)
        {
            await db.Set<ReminderPolicy>().Where(p => p.IsDefault && p.Id != policy.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.IsDefault, false), cancellationToken);
            policy.IsDefault = true;
        }

        if (id is null)
        {
            db.Add(policy);
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["Saved"].Value;
        return RedirectToAction(nameof(Index));
    }

    private async Task<(byte[] Bytes, string Type)?> ImageAsync(IFormFile? file, string field, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return null;
        }

        if (file.Length > MaxImageBytes || file.ContentType is not ("image/png" or "image/jpeg"))
        {
            ModelState.AddModelError(field, l["Error_Image"]);
            return null;
        }

        using var memory = new MemoryStream();
        await file.CopyToAsync(memory, cancellationToken);
        var bytes = memory.ToArray();
        // Trust the bytes, not the browser's word: a PNG or a JPEG signature.
        var png = bytes is [0x89, 0x50, 0x4E, 0x47, ..];
        var jpeg = bytes is [0xFF, 0xD8, ..];
        if (!png && !jpeg)
        {
            ModelState.AddModelError(field, l["Error_Image"]);
            return null;
        }

        return (bytes, png ? "image/png" : "image/jpeg");
    }

    private static string? Clip(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, max)];
}
