using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Caching;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Features;

/// <summary>A section as the customer sees it, or (with its defaults) as the administrator edits it.</summary>
public sealed record PortalMenuItem(PortalSection Section, bool Enabled, int Position, string Title, string Hint, string? TitleFa, string? TitleEn, string DefaultFa, string DefaultEn);

/// <summary>
/// The sections the modules serve, shaped by the administrator's settings: which are on, in what order, under what
/// title in each language. A section without settings is on, in its module's order, under its module's title.
/// </summary>
public sealed class PortalMenu(DbContext db, IEnumerable<PortalSection> sections, IStringLocalizerFactory localizers, IDisplayFormatter fmt,
    IMemoryCache cache, ISharedCacheInvalidation invalidation)
{
    private const string CacheKey = "portal.look";

    /// <summary>What the administrator set, read once for many requests: every portal page asks for it (menu, section switch).</summary>
    private sealed record Look(PortalSettings Settings, IReadOnlyDictionary<string, PortalSectionSetting> Sections);

    private async Task<Look> LookAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            var settings = await db.Set<PortalSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == PortalSettings.SingletonId, cancellationToken) ?? new PortalSettings();
            var sections = await db.Set<PortalSectionSetting>().AsNoTracking().ToDictionaryAsync(s => s.Key, cancellationToken);
            return new Look(settings, sections);
        }))!;

    /// <summary>Drops the cached settings here and in every other instance, after the administrator saved them.</summary>
    public void Forget() => invalidation.Remove(CacheKey);

    public async Task<IReadOnlyList<PortalMenuItem>> ItemsAsync(bool withOff, CancellationToken cancellationToken)
    {
        var settings = (await LookAsync(cancellationToken)).Sections;
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
        sections.Any(s => s.Key == key) && (await LookAsync(cancellationToken)).Sections.GetValueOrDefault(key)?.Enabled != false;

    public async Task<PortalSettings> SettingsAsync(CancellationToken cancellationToken) => (await LookAsync(cancellationToken)).Settings;
}

public sealed class IsPortalSectionOnHandler(PortalMenu menu) : IRequestHandler<IsPortalSectionOn, bool>
{
    public async ValueTask<bool> Handle(IsPortalSectionOn request, CancellationToken cancellationToken) => await menu.IsOnAsync(request.Key, cancellationToken);
}
