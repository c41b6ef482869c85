using Crm.SharedKernel.Messaging;

namespace Crm.SharedKernel.Localization;

/// <summary>A signed-in user switched the interface language; whoever stores profiles remembers it.</summary>
public sealed record CultureChosen(Guid UserId, string Culture) : INotification;
