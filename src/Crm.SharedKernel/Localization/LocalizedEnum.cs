using Crm.SharedKernel.Text;
using Microsoft.Extensions.Localization;

namespace Crm.SharedKernel.Localization;

/// <summary>
/// Reads an enum value back from what a person wrote in a spreadsheet: its label in Persian or English
/// (the resource <c>{prefix}{Name}</c>) or its code name, compared as normalised text.
/// </summary>
public sealed class LocalizedEnum<TEnum>
    where TEnum : struct, Enum
{
    private readonly Dictionary<string, TEnum> _byText = new(StringComparer.Ordinal);

    public LocalizedEnum(IStringLocalizer localizer, string prefix)
    {
        foreach (var culture in SupportedCultures.All)
        {
            foreach (var value in Enum.GetValues<TEnum>())
            {
                _byText.TryAdd(PersianText.Key(localizer.InCulture(culture, prefix + value)), value);
                _byText.TryAdd(PersianText.Key(value.ToString()), value);
            }
        }
    }

    public TEnum? Parse(string text) => _byText.TryGetValue(PersianText.Key(text), out var value) ? value : null;
}
