namespace Crm.SharedKernel.Localization;

/// <summary>
/// Formats values for the current UI culture: Jalali dates and Persian digits in Persian,
/// Gregorian dates in English. Times are shown in the organisation's time zone.
/// </summary>
public interface IDisplayFormatter
{
    bool IsPersian { get; }

    /// <summary>What stands between two items of a line: a Persian comma in Persian, where a middle dot beside Persian digits reads as a zero.</summary>
    string Separator => IsPersian ? "، " : " · ";

    /// <summary>Today's date in the organisation's time zone.</summary>
    DateOnly Today();

    string Date(DateOnly? date);

    string DateTime(DateTime? utc);

    string Number(long value);

    /// <summary>A number with up to two decimals (a percentage, a rate), in Persian digits with the Persian decimal mark in Persian.</summary>
    string Number(decimal value);

    /// <summary>The text a date input shows for a value (Jalali in Persian).</summary>
    string DateInput(DateOnly? date);

    /// <summary>The shape a date input expects, as a placeholder that reads as a hint and not as a date.</summary>
    string DateInputHint => IsPersian ? "سال/ماه/روز" : "yyyy-mm-dd";

    /// <summary>Parses what a user typed into a date input.</summary>
    bool TryParseDateInput(string? text, out DateOnly date);

    /// <summary>A stored UTC time as the organisation's local time.</summary>
    DateTime ToLocal(DateTime utc);

    /// <summary>A local time of the organisation (as typed in a form) as UTC, for storing.</summary>
    DateTime ToUtc(DateTime local);

    /// <summary>The local time of day of a stored UTC time, e.g. 14:30 (Persian digits in Persian).</summary>
    string Time(DateTime utc);
}
