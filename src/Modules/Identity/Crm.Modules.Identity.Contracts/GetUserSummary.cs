using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Identity.Contracts;

/// <summary>Looks up a user by id; answered by the Identity module.</summary>
public sealed record GetUserSummary(Guid UserId) : IRequest<UserSummary?>;
