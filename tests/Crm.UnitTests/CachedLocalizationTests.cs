using System.Globalization;
using Crm.Infrastructure.Localization;
using Crm.Modules.Sales;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.UnitTests;

/// <summary>The kept strings must be the resource manager's, per language, so a Persian page never shows an English string it kept.</summary>
public sealed class CachedLocalizationTests
{
    private static readonly ResourceManagerStringLocalizerFactory Inner = new(Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()), NullLoggerFactory.Instance);

    [Fact]
    public void Each_language_gets_its_own_strings_whichever_was_asked_first()
    {
        var cached = new CachedStringLocalizerFactory(Inner).Create(typeof(SalesResources));
        var direct = Inner.Create(typeof(SalesResources));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var culture in new[] { "en-US", "fa-IR", "en-US", "fa-IR" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                cached["Cancel"].Value.ShouldBe(direct["Cancel"].Value);
                cached["Board_Title", "X"].Value.ShouldBe(direct["Board_Title", "X"].Value);
                cached["No_Such_Key"].ResourceNotFound.ShouldBeTrue();
            }

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            cached["Board_Title", "Q4"].Value.ShouldBe("Board: Q4");
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fa-IR");
            cached["Board_Title", "Q4"].Value.ShouldNotBe("Board: Q4");
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
    }
}
