using System.Globalization;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Controllers;

/// <summary>The schedules the jobs use, in words ("every day at 03:30"); any other expression is shown as it is.</summary>
public static class CronText
{
    public static string Describe(string cron, IStringLocalizer s, IDisplayFormatter format)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length == 6 && f[0].StartsWith("*/", StringComparison.Ordinal) && f[1..].All(x => x == "*") && int.TryParse(f[0][2..], CultureInfo.InvariantCulture, out var seconds))
        {
            return s["Jobs_EverySeconds", format.Number(seconds)];
        }

        if (f.Length != 5 || f[2..].Any(x => x != "*"))
        {
            return "";
        }

        if (f[0] == "*" && f[1] == "*")
        {
            return s["Jobs_EveryMinute"];
        }

        if (!int.TryParse(f[0], CultureInfo.InvariantCulture, out var minute))
        {
            return "";
        }

        if (f[1] == "*")
        {
            return s["Jobs_HourlyAt", format.Number(minute)];
        }

        return int.TryParse(f[1], CultureInfo.InvariantCulture, out var hour)
            ? s["Jobs_DailyAt", Localized(string.Create(CultureInfo.InvariantCulture, $"{hour:00}:{minute:00}"), format)]
            : "";
    }

    private static string Localized(string text, IDisplayFormatter format) => format.IsPersian ? Digits.ToPersian(text) : text;
}
