using System.Text.RegularExpressions;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Web;

public sealed class PortalSectionInput
{
    public string Key { get; set; } = "";

    public bool Enabled { get; set; }

    public int Position { get; set; }

    public string? TitleFa { get; set; }

    public string? TitleEn { get; set; }
}

public sealed class PortalSettingsInput
{
    public string? WelcomeFa { get; set; }

    public string? WelcomeEn { get; set; }

    public string? Colour { get; set; }

    public bool SelfSignUp { get; set; }

    public bool PasswordSignIn { get; set; }

    public bool ApplyProfileChanges { get; set; }

    public bool RemoveLogo { get; set; }

    public Guid Version { get; set; }

    public List<PortalSectionInput> Sections { get; set; } = [];
}

public sealed record PortalSettingsModel(PortalSettingsInput Input, IReadOnlyList<PortalMenuItem> Sections, IReadOnlyDictionary<string, string> Errors)
{
    public bool HasLogo { get; init; }
}

/// <summary>
/// The administrator's page for the portal: its welcome text per language, brand colour and logo, whether customers
/// sign up by themselves and have their detail changes applied at once, and each section's title, order and switch.
/// </summary>
[Area(PortalModule.ModuleName)]
[HasPermission(PortalPermissions.ManageSettings)]
[AutoValidateAntiforgeryToken]
public sealed partial class SettingsController(DbContext db, PortalMenu menu, IFileStore files, IStringLocalizer<PortalResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var settings = await menu.SettingsAsync(cancellationToken);
        var sections = await menu.ItemsAsync(true, cancellationToken);
        var input = new PortalSettingsInput
        {
            WelcomeFa = settings.WelcomeFa, WelcomeEn = settings.WelcomeEn, Colour = settings.Colour, Version = settings.Version,
            SelfSignUp = settings.SelfSignUp, PasswordSignIn = settings.PasswordSignIn, ApplyProfileChanges = settings.ApplyProfileChanges,
            Sections = [.. sections.Select(s => new PortalSectionInput { Key = s.Section.Key, Enabled = s.Enabled, Position = s.Position, TitleFa = s.TitleFa, TitleEn = s.TitleEn })],
        };
        return View(new PortalSettingsModel(input, sections, new Dictionary<string, string>()) { HasLogo = settings.LogoStore is not null });
    }

    [HttpPost]
    [RequestSizeLimit(PortalLogo.MaxBytes + (256 * 1024))]
    [RequestFormLimits(MultipartBodyLengthLimit = PortalLogo.MaxBytes + (256 * 1024))]
    public async Task<IActionResult> Save(PortalSettingsInput input, IFormFile? logo, CancellationToken cancellationToken)
    {
        var sections = await menu.ItemsAsync(true, cancellationToken);
        var errors = new Dictionary<string, string>();
        input.WelcomeFa = string.IsNullOrWhiteSpace(input.WelcomeFa) ? null : input.WelcomeFa.Trim();
        input.WelcomeEn = string.IsNullOrWhiteSpace(input.WelcomeEn) ? null : input.WelcomeEn.Trim();
        input.Colour = string.IsNullOrWhiteSpace(input.Colour) ? null : input.Colour.Trim().ToLowerInvariant();
        if (input.WelcomeFa?.Length > PortalSettings.WelcomeMaxLength || input.WelcomeEn?.Length > PortalSettings.WelcomeMaxLength)
        {
            errors["Welcome"] = l["Error_TooLong", PortalSettings.WelcomeMaxLength];
        }

        if (input.Colour is not null && !ColourPattern().IsMatch(input.Colour))
        {
            errors[nameof(input.Colour)] = l["Error_Colour"];
        }

        // Only the sections the modules serve, each once; titles bounded, positions within the list's reach.
        var known = sections.Select(s => s.Section.Key).ToHashSet();
        var rows = input.Sections.Where(s => known.Contains(s.Key)).GroupBy(s => s.Key).Select(g => g.First()).Take(known.Count).ToList();
        foreach (var row in rows)
        {
            (row.TitleFa, row.TitleEn) = (Clean(row.TitleFa), Clean(row.TitleEn));
            if (row.TitleFa?.Length > PortalSectionSetting.TitleMaxLength || row.TitleEn?.Length > PortalSectionSetting.TitleMaxLength)
            {
                errors["Sections_" + row.Key] = l["Error_TooLong", PortalSectionSetting.TitleMaxLength];
            }

            row.Position = Math.Clamp(row.Position, 0, 999);
        }

        var settings = await db.Set<PortalSettings>().FirstOrDefaultAsync(s => s.Id == PortalSettings.SingletonId, cancellationToken);
        if (settings is not null && settings.Version != input.Version)
        {
            errors[""] = l["Error_Concurrency"];
        }

        var logoType = logo is null || logo.Length == 0 ? null : await PortalLogo.TypeOfAsync(logo, cancellationToken);
        if (logo is { Length: > 0 } && logoType is null)
        {
            errors["Logo"] = l["Error_Logo", PortalLogo.MaxBytes / 1024];
        }

        if (errors.Count > 0)
        {
            return View("Index", new PortalSettingsModel(input, sections, errors) { HasLogo = settings?.LogoStore is not null });
        }

        if (settings is null)
        {
            settings = new PortalSettings { Id = PortalSettings.SingletonId };
            db.Add(settings);
        }

        (settings.WelcomeFa, settings.WelcomeEn, settings.Colour, settings.Version) = (input.WelcomeFa, input.WelcomeEn, input.Colour, Guid.NewGuid());
        (settings.SelfSignUp, settings.PasswordSignIn, settings.ApplyProfileChanges) = (input.SelfSignUp, input.PasswordSignIn, input.ApplyProfileChanges);
        var oldLogo = settings.LogoStore;
        if (logoType is not null)
        {
            // A new name for each logo, so a page cached with the old one never shows half of each.
            settings.LogoStore = PortalLogo.StoreName(Guid.CreateVersion7());
            settings.LogoType = logoType;
            await using var content = logo!.OpenReadStream();
            await files.SaveAsync(settings.LogoStore, content, cancellationToken);
        }
        else if (input.RemoveLogo)
        {
            (settings.LogoStore, settings.LogoType) = (null, null);
        }

        var stored = await db.Set<PortalSectionSetting>().ToDictionaryAsync(s => s.Key, cancellationToken);
        foreach (var row in rows)
        {
            if (!stored.TryGetValue(row.Key, out var setting))
            {
                setting = new PortalSectionSetting { Key = row.Key };
                db.Add(setting);
            }

            (setting.Enabled, setting.Position, setting.TitleFa, setting.TitleEn) = (row.Enabled, row.Position, row.TitleFa, row.TitleEn);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another administrator saved (or made the first row) at the same moment.
            return View("Index", new PortalSettingsModel(input, sections, new Dictionary<string, string> { [""] = l["Error_Concurrency"] }));
        }

        if (oldLogo is not null && oldLogo != settings.LogoStore)
        {
            await files.DeleteAsync(oldLogo, cancellationToken);
        }

        menu.Forget();
        TempData["Message"] = l["Settings_Saved"].Value;
        return RedirectToAction(nameof(Index));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : PersianText.Clean(text.Trim());

    [GeneratedRegex("^#[0-9a-f]{6}$")]
    private static partial Regex ColourPattern();
}
