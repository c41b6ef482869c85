namespace Crm.SharedKernel.Localization;

public static class SupportedCultures
{
    public const string Persian = "fa-IR";
    public const string English = "en-US";

    public static readonly IReadOnlyList<string> All = [Persian, English];
}
