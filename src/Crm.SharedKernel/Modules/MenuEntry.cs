namespace Crm.SharedKernel.Modules;

/// <summary>A sidebar link contributed by a module.</summary>
/// <param name="TitleKey">Resource key of the title, looked up in <see cref="ResourceType"/>.</param>
/// <param name="ResourceType">The module's resource marker type, so each module keeps its own strings.</param>
/// <param name="Area">MVC area (the module name).</param>
/// <param name="Controller">Controller name without the suffix.</param>
/// <param name="Action">Action name.</param>
/// <param name="Icon">Bootstrap Icons name, e.g. <c>people</c>.</param>
/// <param name="Permission">Permission required to see the entry; null for every signed-in user.</param>
/// <param name="Group">Sidebar group: <see cref="MenuGroups"/>.</param>
/// <param name="Order">Position within the group.</param>
public sealed record MenuEntry(
    string TitleKey,
    Type ResourceType,
    string Area,
    string Controller,
    string Action,
    string Icon,
    string? Permission,
    string Group = MenuGroups.Main,
    int Order = 100);
