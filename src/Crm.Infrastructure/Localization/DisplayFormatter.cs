using System.Globalization;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Time;
using Microsoft.Extensions.Options;

namespace Crm.Infrastructure.Localization;

public sealed class LocalizationOptions
{
    public const string Section = "Localization";

    /// <summary>Language of new installs and of visitors who have not chosen one.</summary>
    public string DefaultCulture { get; set; } = SupportedCultures.Persian;

    /// <summary>The organisation's time zone; stored times are UTC and shown in this zone.</summary>
    public string TimeZone { get; set; } = "Asia/Tehran";
}

public sealed class DisplayFormatter(IOptions<LocalizationOptions> options, IClock clock) : IDisplayFormatter
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.UtcNow, _zone));

    public bool IsPersian => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fa";

    public string Date(DateOnly? date)
    {
        if (date is null)
        {
            return "";
        }

        return IsPersian
            ? Digits.ToPersian(JalaliDate.FormatLong(date.Value))
            : date.Value.ToString("d MMM yyyy", CultureInfo.GetCultureInfo(SupportedCultures.English));
    }

    public string DateTime(DateTime? utc)
    {
        if (utc is null)
        {
            return "";
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc), _zone);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        return IsPersian
            ? Digits.ToPersian($"{JalaliDate.FormatLong(DateOnly.FromDateTime(local))}، {time}")
            : $"{local.ToString("d MMM yyyy", CultureInfo.GetCultureInfo(SupportedCultures.English))}, {time}";
    }

    public string Number(long value)
    {
        var text = value.ToString("#,0", CultureInfo.InvariantCulture);
        return IsPersian ? Digits.ToPersian(text.Replace(',', '٬')) : text;
    }

    public string Number(decimal value)
    {
        var text = value.ToString("#,0.##", CultureInfo.InvariantCulture);
        return IsPersian ? Digits.ToPersian(text.Replace(',', '٬').Replace('.', '٫')) : text;
    }

    public string DateInput(DateOnly? date) =>
        date is null ? "" : IsPersian ? Digits.ToPersian(JalaliDate.Format(date.Value)) : date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public bool TryParseDateInput(string? text, out DateOnly date)
    {
        var parsed = IsPersian
            ? JalaliDate.TryParse(text, out date)
            : DateOnly.TryParseExact(Digits.ToLatin(text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        // Outside the range a business record can have, a date is a typing slip (or a probe), and near the edges of the
        // Persian calendar the day before or after cannot even be shown.
        return parsed && date >= JalaliDate.FirstInputDate && date <= JalaliDate.LastInputDate;
    }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    public DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(System.DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);

    public string Time(DateTime utc)
    {
        var text = ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);
        return IsPersian ? Digits.ToPersian(text) : text;
    }
}
