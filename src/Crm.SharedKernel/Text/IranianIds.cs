namespace Crm.SharedKernel.Text;

/// <summary>
/// Iranian identifiers with their check digits: a person's national code (کد ملی, 10 digits), a legal entity's
/// national ID (شناسه ملی, 11 digits), and the economic code (کد اقتصادی: today the national ID or code, formerly 12 digits).
/// </summary>
public static class IranianIds
{
    public static string Digits(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : new string(Localization.Digits.ToLatin(text).Where(char.IsAsciiDigit).ToArray());

    public static bool IsValidNationalCode(string? text)
    {
        var code = Digits(text);
        if (code.Length != 10 || code.Distinct().Count() == 1)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (code[i] - '0') * (10 - i);
        }

        var remainder = sum % 11;
        var check = code[9] - '0';
        return remainder < 2 ? check == remainder : check == 11 - remainder;
    }

    public static bool IsValidLegalNationalId(string? text)
    {
        var id = Digits(text);
        if (id.Length != 11 || id.Distinct().Count() == 1)
        {
            return false;
        }

        int[] weights = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17];
        var decimalPlus2 = (id[9] - '0') + 2;
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += ((id[i] - '0') + decimalPlus2) * weights[i];
        }

        var remainder = sum % 11;
        return (remainder == 10 ? 0 : remainder) == id[10] - '0';
    }

    /// <summary>An economic code: a valid national ID (legal entity) or national code (person), or a legacy 12-digit code.</summary>
    public static bool IsValidEconomicCode(string? text)
    {
        var code = Digits(text);
        return code.Length switch
        {
            10 => IsValidNationalCode(code),
            11 => IsValidLegalNationalId(code),
            12 => code.Distinct().Count() > 1,
            _ => false,
        };
    }
}
