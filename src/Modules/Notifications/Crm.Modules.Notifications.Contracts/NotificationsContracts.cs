using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Notifications.Contracts;

/// <summary>
/// Puts a notification in the in-app list of each user (each user once, however often listed), with a link to what it is
/// about. The text is given in both languages; each user reads it in theirs. Returns how many were created.
/// </summary>
/// <param name="Url">A local path (<c>/Contacts/Contacts/Details/…</c>); anything else is not linked.</param>
public sealed record Notify(IReadOnlyCollection<Guid> UserIds, LocalText Text, string? Url) : ICommand<int>;
