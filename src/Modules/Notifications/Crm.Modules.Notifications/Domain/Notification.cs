using Crm.SharedKernel.Domain;

namespace Crm.Modules.Notifications.Domain;

/// <summary>One message for one user in the app: unread until opened or marked read.</summary>
public sealed class Notification : Entity
{
    public Guid UserId { get; set; }

    public string PersianText { get; set; } = "";

    public string EnglishText { get; set; } = "";

    public string? Url { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }

    public string Text(bool persian) => persian ? PersianText : EnglishText;
}
