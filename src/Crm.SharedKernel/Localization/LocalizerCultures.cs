using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Crm.SharedKernel.Localization;

public static class LocalizerCultures
{
    /// <summary>A resource string in the given language, whatever the language of the current request.</summary>
    public static string InCulture(this IStringLocalizer localizer, string culture, string name)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return localizer[name];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
