namespace Crm.Modules.Identity.Contracts;

/// <summary>What other modules may know of a user.</summary>
public sealed record UserSummary(Guid Id, string UserName, string DisplayName, Guid? TeamId, bool IsActive);
