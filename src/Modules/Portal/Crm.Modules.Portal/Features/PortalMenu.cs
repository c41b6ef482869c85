using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Features;

/// <summary>A section as the customer sees it, or (with its defaults) as the administrator edits it.</summary>
public sealed record PortalMenuItem(PortalSection Section, bool Enabled, int Position, string Title, string Hint, string? TitleFa, string? TitleEn, string DefaultFa, string DefaultEn);

/// <summary>
/// The sections the modules serve, shaped by the administrator's settings: which are on, in what order, under what
/// title in each language. A section without settings is on, in its module's order, under its module's title.
/// </summary>
public sealed class PortalMenu(DbContext db, IEnumerable<PortalSection> sections, IStringLocalizerFactory localizers, IDisplayFormatter fmt)
{
    public async Task<IReadOnlyList<PortalMenuItem>> ItemsAsync(bool withOff, CancellationToken cancellationToken)
    {
        var settings = await db.Set<PortalSectionSetting>().AsNoTracking().ToDictionaryAsync(s => s.Key, cancellationToken);
        var items = new List<PortalMenuItem>();
        foreach (var section in sections)
        {
            var setting = settings.GetValueOrDefault(section.Key);
            var l = localizers.Create(section.Resources);
            var (defaultFa, defaultEn) = (l.InCulture(SupportedCultures.Persian, section.TitleKey), l.InCulture(SupportedCultures.English, section.TitleKey));
            var own = fmt.IsPersian ? setting?.TitleFa : setting?.TitleEn;
            var item = new PortalMenuItem(section, setting?.Enabled ?? true, setting?.Position ?? section.Order,
                string.IsNullOrWhiteSpace(own) ? (fmt.IsPersian ? defaultFa : defaultEn) : own, l[section.HintKey], setting?.TitleFa, setting?.TitleEn, defaultFa, defaultEn);
            if (withOff || item.Enabled)
            {
                items.Add(item);
            }
        }

        return [.. items.OrderBy(i => i.Position).ThenBy(i => i.Section.Order)];
    }

    public async Task<bool> IsOnAsync(string key, CancellationToken cancellationToken) =>
        sections.Any(s => s.Key == key) && !await db.Set<PortalSectionSetting>().AnyAsync(s => s.Key == key && !s.Enabled, cancellationToken);

    public async Task<PortalSettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.Set<PortalSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == PortalSettings.SingletonId, cancellationToken) ?? new PortalSettings { Id = PortalSettings.SingletonId };
}

public sealed class IsPortalSectionOnHandler(PortalMenu menu) : IRequestHandler<IsPortalSectionOn, bool>
{
    public async ValueTask<bool> Handle(IsPortalSectionOn request, CancellationToken cancellationToken) => await menu.IsOnAsync(request.Key, cancellationToken);
}
