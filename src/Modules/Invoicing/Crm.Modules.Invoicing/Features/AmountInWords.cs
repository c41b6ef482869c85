namespace Crm.Modules.Invoicing.Features;

/// <summary>Amounts written out, as an invoice states its total: «یک میلیون و دویست هزار ریال», "one million two hundred thousand rials".</summary>
public static class AmountInWords
{
    private static readonly string[] PersianOnes = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"];
    private static readonly string[] PersianTeens = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"];
    private static readonly string[] PersianTens = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"];
    private static readonly string[] PersianHundreds = ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"];
    private static readonly string[] PersianScales = ["", "هزار", "میلیون", "میلیارد", "هزار میلیارد", "میلیون میلیارد", "میلیارد میلیارد"];

    private static readonly string[] EnglishOnes = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    private static readonly string[] EnglishTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    private static readonly string[] EnglishScales = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"];

    /// <summary>A whole number in Persian words; zero is «صفر». Negative numbers are refused: no document states a negative total.</summary>
    public static string Persian(long number) =>
        Words(number, "صفر", " و ", PersianGroup, PersianScales);

    public static string English(long number) =>
        Words(number, "zero", " ", EnglishGroup, EnglishScales);

    private static string Words(long number, string zero, string joiner, Func<int, string> group, string[] scales)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        if (number == 0)
        {
            return zero;
        }

        var parts = new List<string>();
        for (var scale = 0; number > 0; scale++, number /= 1000)
        {
            var chunk = (int)(number % 1000);
            if (chunk != 0)
            {
                parts.Insert(0, scales[scale].Length == 0 ? group(chunk) : group(chunk) + " " + scales[scale]);
            }
        }

        return string.Join(joiner, parts);
    }

    private static string PersianGroup(int n)
    {
        var parts = new List<string>();
        if (n >= 100)
        {
            parts.Add(PersianHundreds[n / 100]);
        }

        var rest = n % 100;
        if (rest is >= 10 and < 20)
        {
            parts.Add(PersianTeens[rest - 10]);
        }
        else
        {
            if (rest >= 20)
            {
                parts.Add(PersianTens[rest / 10]);
            }

            if (rest % 10 != 0)
            {
                parts.Add(PersianOnes[rest % 10]);
            }
        }

        return string.Join(" و ", parts);
    }

    private static string EnglishGroup(int n)
    {
        var parts = new List<string>();
        if (n >= 100)
        {
            parts.Add(EnglishOnes[n / 100] + " hundred");
        }

        var rest = n % 100;
        if (rest is > 0 and < 20)
        {
            parts.Add(EnglishOnes[rest]);
        }
        else if (rest >= 20)
        {
            parts.Add(rest % 10 == 0 ? EnglishTens[rest / 10] : EnglishTens[rest / 10] + "-" + EnglishOnes[rest % 10]);
        }

        return string.Join(" ", parts);
    }
}
