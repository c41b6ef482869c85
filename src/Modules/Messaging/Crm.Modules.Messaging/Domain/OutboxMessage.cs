using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Domain;

namespace Crm.Modules.Messaging.Domain;

/// <summary>
/// One email or SMS, stored before anything is sent. A sender claims it by writing a claim token while it is
/// still due; only the holder of that token may record the outcome, so one message is handed over once even with
/// several senders on several app instances.
/// </summary>
public sealed class OutboxMessage : Entity
{
    public MessageChannel Channel { get; set; }

    public MessageCategory Category { get; set; }

    public MessageStatus Status { get; set; } = MessageStatus.Queued;

    /// <summary>The address as given (an email address or a mobile number).</summary>
    public string To { get; set; } = "";

    /// <summary>The address normalised (email case-folded, mobile as 9xxxxxxxxx): what opt-outs are matched on.</summary>
    public string ToKey { get; set; } = "";

    public string? RecipientType { get; set; }

    public Guid? RecipientId { get; set; }

    public string? TemplateKey { get; set; }

    public string Culture { get; set; } = "fa";

    public string? Subject { get; set; }

    /// <summary>The SMS text, or the HTML of an email.</summary>
    public string Body { get; set; } = "";

    /// <summary>The plain-text part of an email.</summary>
    public string? TextBody { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>Sent by the urgent lane (<see cref="Features.UrgentLane"/>) as soon as it is due, beside any bulk send.</summary>
    public bool Urgent { get; set; }

    public int Attempts { get; set; }

    public Guid? ClaimToken { get; set; }

    /// <summary>A claim older than this is taken to belong to a sender that stopped; the message is due again.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public string? ProviderName { get; set; }

    public string? ProviderMessageId { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Why the last attempt failed, or why the message was skipped.</summary>
    public string? Error { get; set; }

    public List<OutboxAttachment> Attachments { get; } = [];

    /// <summary>A message whose id its sender chose (a campaign's recipient), so what happens to it can be told back.</summary>
    public static OutboxMessage WithId(Guid? id)
    {
        var message = new OutboxMessage();
        if (id is { } chosen)
        {
            message.Id = chosen;
        }

        return message;
    }
}

public sealed class OutboxAttachment : Entity
{
    public Guid MessageId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "application/octet-stream";

    public byte[] Content { get; set; } = [];
}

/// <summary>A recipient who asked not to get marketing messages on a channel (and, if they said so, transactional ones).</summary>
public sealed class OptOut : Entity
{
    public MessageChannel Channel { get; set; }

    public string AddressKey { get; set; } = "";

    public bool IncludesTransactional { get; set; }

    public DateTime At { get; set; }

    /// <summary>Where the opt-out came from: "link", "reply", "staff".</summary>
    public string Source { get; set; } = "";
}

/// <summary>A text someone sent back to the sending line, kept once per gateway id; an opt-out word refuses marketing.</summary>
public sealed class SmsReply : Entity
{
    public const int TextMaxLength = 1000;

    /// <summary>The gateway's id for the text: fetching it again changes nothing.</summary>
    public string GatewayId { get; set; } = "";

    public string From { get; set; } = "";

    public string FromKey { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime ReceivedAt { get; set; }

    /// <summary>Set once what the text asks is done (an opt-out recorded and told).</summary>
    public DateTime? ProcessedAt { get; set; }

    public bool OptOut { get; set; }
}
