using System.Globalization;
using Crm.SharedKernel.Localization;

namespace Crm.Infrastructure.Calendar;

/// <summary>Iran's official holidays: the solar ones by Jalali date, and the lunar ones by Hijri date.</summary>
public static class IranianHolidays
{
    /// <summary>Holidays on the same Jalali date every year (seeded by the migration with these ids).</summary>
    public static IReadOnlyList<(Guid Id, int Month, int Day, LocalText Name)> Fixed { get; } =
    [
        (new("6f1c0a00-0000-4000-8000-000000000101"), 1, 1, new("عید نوروز", "Nowruz")),
        (new("6f1c0a00-0000-4000-8000-000000000102"), 1, 2, new("عید نوروز", "Nowruz")),
        (new("6f1c0a00-0000-4000-8000-000000000103"), 1, 3, new("عید نوروز", "Nowruz")),
        (new("6f1c0a00-0000-4000-8000-000000000104"), 1, 4, new("عید نوروز", "Nowruz")),
        (new("6f1c0a00-0000-4000-8000-000000000112"), 1, 12, new("روز جمهوری اسلامی", "Islamic Republic Day")),
        (new("6f1c0a00-0000-4000-8000-000000000113"), 1, 13, new("روز طبیعت", "Nature Day")),
        (new("6f1c0a00-0000-4000-8000-000000000314"), 3, 14, new("رحلت امام خمینی", "Demise of Imam Khomeini")),
        (new("6f1c0a00-0000-4000-8000-000000000315"), 3, 15, new("قیام ۱۵ خرداد", "Khordad 15 uprising")),
        (new("6f1c0a00-0000-4000-8000-000000001122"), 11, 22, new("پیروزی انقلاب اسلامی", "Islamic Revolution Day")),
        (new("6f1c0a00-0000-4000-8000-000000001229"), 12, 29, new("ملی شدن صنعت نفت", "Oil Nationalisation Day")),
    ];

    // Hijri month and day; day 0 is the month's last day (the end of Safar).
    private static readonly (int Month, int Day, LocalText Name)[] Lunar =
    [
        (1, 9, new("تاسوعای حسینی", "Tasua")),
        (1, 10, new("عاشورای حسینی", "Ashura")),
        (2, 20, new("اربعین حسینی", "Arbaeen")),
        (2, 28, new("رحلت پیامبر اکرم و شهادت امام حسن مجتبی", "Demise of the Prophet and martyrdom of Imam Hasan")),
        (2, 0, new("شهادت امام رضا", "Martyrdom of Imam Reza")),
        (3, 8, new("شهادت امام حسن عسکری", "Martyrdom of Imam Hasan Askari")),
        (3, 17, new("میلاد پیامبر اکرم و امام جعفر صادق", "Birth of the Prophet and Imam Sadiq")),
        (6, 3, new("شهادت حضرت فاطمه زهرا", "Martyrdom of Fatimah")),
        (7, 13, new("ولادت امام علی", "Birth of Imam Ali")),
        (7, 27, new("مبعث پیامبر اکرم", "Mab'ath")),
        (8, 15, new("ولادت حضرت قائم", "Birth of Imam Mahdi")),
        (9, 21, new("شهادت امام علی", "Martyrdom of Imam Ali")),
        (10, 1, new("عید سعید فطر", "Eid al-Fitr")),
        (10, 2, new("تعطیل به مناسبت عید فطر", "Eid al-Fitr holiday")),
        (10, 25, new("شهادت امام جعفر صادق", "Martyrdom of Imam Sadiq")),
        (12, 10, new("عید سعید قربان", "Eid al-Adha")),
        (12, 18, new("عید سعید غدیر خم", "Eid al-Ghadir")),
    ];

    private static readonly UmAlQuraCalendar Hijri = new();

    /// <summary>
    /// The lunar holidays falling in a Jalali year, by the Umm al-Qura calendar. Iran fixes them by moon sighting, which
    /// may differ by a day, so these are only suggestions an administrator confirms against the official calendar.
    /// </summary>
    public static IReadOnlyList<(DateOnly Date, LocalText Name)> LunarSuggestions(int jalaliYear)
    {
        var found = new List<(DateOnly, LocalText)>();
        var first = JalaliDate.FromJalali(jalaliYear, 1, 1);
        var next = JalaliDate.FromJalali(jalaliYear + 1, 1, 1);
        for (var date = first; date < next; date = date.AddDays(1))
        {
            var at = date.ToDateTime(TimeOnly.MinValue);
            if (at < Hijri.MinSupportedDateTime || at > Hijri.MaxSupportedDateTime)
            {
                continue;
            }

            var month = Hijri.GetMonth(at);
            var day = Hijri.GetDayOfMonth(at);
            var last = Hijri.GetDaysInMonth(Hijri.GetYear(at), month);
            foreach (var holiday in Lunar)
            {
                if (holiday.Month == month && (holiday.Day == day || (holiday.Day == 0 && day == last)))
                {
                    found.Add((date, holiday.Name));
                }
            }
        }

        return found;
    }
}
