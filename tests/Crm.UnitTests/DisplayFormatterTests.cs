using System.Globalization;
using Crm.Infrastructure.Localization;
using Microsoft.Extensions.Options;

namespace Crm.UnitTests;

public sealed class DisplayFormatterTests
{
    private static DisplayFormatter In(string culture)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return new DisplayFormatter(Options.Create(new LocalizationOptions()), new Crm.SharedKernel.Time.SystemClock());
    }

    [Fact]
    public void Persian_shows_Jalali_dates_with_Persian_digits_in_Tehran_time()
    {
        var fa = In("fa-IR");
        fa.Date(new DateOnly(2026, 11, 22)).ShouldBe("۱ آذر ۱۴۰۵");
        // 21:00 UTC is 00:30 the next day in Tehran (UTC+3:30).
        fa.DateTime(new DateTime(2026, 11, 21, 21, 0, 0, DateTimeKind.Utc)).ShouldBe("۱ آذر ۱۴۰۵، ۰۰:۳۰");
        fa.Number(1234567).ShouldBe("۱٬۲۳۴٬۵۶۷");
        fa.Number(12.5m).ShouldBe("۱۲٫۵");
        fa.Number(1234.567m).ShouldBe("۱٬۲۳۴٫۵۷");
        ((Crm.SharedKernel.Localization.IDisplayFormatter)fa).Separator.ShouldBe("، ");
        fa.DateInput(new DateOnly(2026, 11, 22)).ShouldBe("۱۴۰۵/۰۹/۰۱");
        fa.TryParseDateInput("۱۴۰۵/۰۹/۰۱", out var parsed).ShouldBeTrue();
        parsed.ShouldBe(new DateOnly(2026, 11, 22));
    }

    [Fact]
    public void English_shows_Gregorian_dates()
    {
        var en = In("en-US");
        en.Date(new DateOnly(2026, 11, 22)).ShouldBe("22 Nov 2026");
        en.Number(1234567).ShouldBe("1,234,567");
        en.Number(12.5m).ShouldBe("12.5");
        ((Crm.SharedKernel.Localization.IDisplayFormatter)en).Separator.ShouldBe(" · ");
        en.TryParseDateInput("2026-11-22", out var parsed).ShouldBeTrue();
        parsed.ShouldBe(new DateOnly(2026, 11, 22));
    }
}
