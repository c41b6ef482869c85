namespace Crm.Modules.Contacts.Domain;

/// <summary>Iran's 31 provinces: a stable code stored on addresses, with the Persian and English names shown.</summary>
public static class Provinces
{
    public sealed record Province(string Code, string Persian, string English);

    public static IReadOnlyList<Province> All { get; } =
    [
        new("THR", "تهران", "Tehran"), new("ALB", "البرز", "Alborz"), new("ISF", "اصفهان", "Isfahan"),
        new("KHR", "خراسان رضوی", "Razavi Khorasan"), new("FAR", "فارس", "Fars"), new("EAZ", "آذربایجان شرقی", "East Azerbaijan"),
        new("WAZ", "آذربایجان غربی", "West Azerbaijan"), new("ARD", "اردبیل", "Ardabil"), new("BSH", "بوشهر", "Bushehr"),
        new("CHB", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari"), new("SKH", "خراسان جنوبی", "South Khorasan"),
        new("NKH", "خراسان شمالی", "North Khorasan"), new("KHZ", "خوزستان", "Khuzestan"), new("ZAN", "زنجان", "Zanjan"),
        new("SEM", "سمنان", "Semnan"), new("SBL", "سیستان و بلوچستان", "Sistan and Baluchestan"), new("QAZ", "قزوین", "Qazvin"),
        new("QOM", "قم", "Qom"), new("KRD", "کردستان", "Kurdistan"), new("KRM", "کرمان", "Kerman"),
        new("KSH", "کرمانشاه", "Kermanshah"), new("KBA", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad"),
        new("GOL", "گلستان", "Golestan"), new("GIL", "گیلان", "Gilan"), new("LOR", "لرستان", "Lorestan"),
        new("MAZ", "مازندران", "Mazandaran"), new("MKZ", "مرکزی", "Markazi"), new("HRM", "هرمزگان", "Hormozgan"),
        new("HMD", "همدان", "Hamadan"), new("YZD", "یزد", "Yazd"), new("ILM", "ایلام", "Ilam"),
    ];

    public static string? NameOf(string? code, bool persian) =>
        All.FirstOrDefault(p => p.Code == code) is { } p ? (persian ? p.Persian : p.English) : null;
}
