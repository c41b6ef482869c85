using Crm.SharedKernel.Text;

namespace Crm.Modules.Invoicing.Documents;

/// <summary>
/// The everyday units of a line in the other language, so a document printed in English does not say "عدد". A unit not
/// listed prints as typed.
/// </summary>
public static class UnitNames
{
    private static readonly (string Persian, string English)[] Known =
    [
        ("عدد", "pcs"), ("دستگاه", "unit"), ("قطعه", "piece"), ("بسته", "pack"), ("جعبه", "box"), ("کارتن", "carton"),
        ("کیلوگرم", "kg"), ("گرم", "g"), ("تن", "t"), ("لیتر", "L"), ("متر", "m"), ("متر مربع", "m²"), ("متر مکعب", "m³"),
        ("ساعت", "hour"), ("روز", "day"), ("ماه", "month"), ("سال", "year"), ("نفر", "person"), ("جلسه", "session"),
        ("خدمت", "service"), ("سرویس", "service"), ("مجموعه", "set"), ("رول", "roll"), ("برگ", "sheet"), ("شاخه", "bar"),
        ("اشتراک", "subscription"), ("لایسنس", "licence"),
    ];

    private static readonly Dictionary<string, string> ToEnglish = Known.ToDictionary(k => PersianText.Key(k.Persian), k => k.English);

    private static readonly Dictionary<string, string> ToPersian = Known.GroupBy(k => PersianText.Key(k.English)).ToDictionary(g => g.Key, g => g.First().Persian);

    /// <summary>The unit as a document in Persian (<paramref name="persian"/>) or English prints it.</summary>
    public static string In(bool persian, string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }

        var key = PersianText.Key(unit);
        return (persian ? ToPersian : ToEnglish).TryGetValue(key, out var other) ? other : unit;
    }
}
