namespace Crm.SharedKernel.Localization;

/// <summary>Names an assembly's resource marker type, so validation messages of its view models are localized from it.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ModuleResourcesAttribute(Type resourceType) : Attribute
{
    public Type ResourceType { get; } = resourceType;
}
