namespace Crm.SharedKernel.Modules;

public static class MenuGroups
{
    public const string Main = "main";
    public const string Administration = "administration";
}
