using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Crm.SharedKernel.Localization;

public static class LocalizerCultures
{
    /// <summary>A resource string in the given language, whatever the language of the current request.</summary>
    public static string InCulture(this IStringLocalizer localizer, string culture, string name, params object[] arguments)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return arguments.Length == 0 ? localizer[name] : localizer[name, arguments];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>A resource string in both languages, for texts stored now and read later in the reader's language.</summary>
    public static LocalText InBoth(this IStringLocalizer localizer, string name, params object[] arguments) =>
        new(localizer.InCulture(SupportedCultures.Persian, name, arguments), localizer.InCulture(SupportedCultures.English, name, arguments));
}
