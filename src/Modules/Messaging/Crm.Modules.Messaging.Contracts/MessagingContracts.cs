using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Messaging.Contracts;

/// <summary>Permissions of the Messaging module.</summary>
public static class MessagingPermissions
{
    /// <summary>See the outbox and resend a failed message.</summary>
    public const string ViewOutbox = "messaging.outbox.view";

    /// <summary>Edit templates and the messaging settings.</summary>
    public const string Manage = "messaging.manage";
}

public enum MessageChannel
{
    Email = 0,
    Sms = 1,
}

/// <summary>
/// Marketing messages honour every opt-out and carry an unsubscribe link or opt-out text; transactional ones
/// (payment reminders, password resets) follow the transactional setting of the recipient instead.
/// </summary>
public enum MessageCategory
{
    Transactional = 0,
    Marketing = 1,
}

public enum MessageStatus
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Delivered = 3,
    Failed = 4,

    /// <summary>Not sent on purpose, for example because the recipient opted out; the reason is recorded.</summary>
    Skipped = 5,
}

/// <summary>The record a message is about, so it shows on that record's timeline ("Contact", "Lead", "User", …).</summary>
public sealed record RecipientRef(string Type, Guid Id);

public sealed record MessageAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Queues an email or SMS in the outbox; the outbox job sends it at <see cref="SendAt"/> (or at once) and retries
/// until it is sent or has failed for good. Give either a <see cref="TemplateKey"/> with its <see cref="Values"/>
/// (rendered in <see cref="Culture"/>) or the <see cref="Subject"/> and <see cref="Body"/> themselves.
/// Returns the message's id.
/// </summary>
public sealed record SendMessage(MessageChannel Channel, string To) : ICommand<Guid>
{
    public MessageCategory Category { get; init; } = MessageCategory.Transactional;

    public RecipientRef? Recipient { get; init; }

    public string? TemplateKey { get; init; }

    /// <summary>Placeholder values by name, e.g. <c>Contact.FirstName</c>.</summary>
    public IReadOnlyDictionary<string, object?> Values { get; init; } = new Dictionary<string, object?>();

    /// <summary><c>fa</c> or <c>en</c>; the template's language and the way numbers and dates are written.</summary>
    public string Culture { get; init; } = "fa";

    public string? Subject { get; init; }

    /// <summary>The text of an SMS, or the HTML of an email (its plain-text part is made from it).</summary>
    public string? Body { get; init; }

    public DateTime? SendAt { get; init; }

    /// <summary>
    /// A message a person is waiting for (a sign-in code): sent by the outbox's urgent lane within about a second,
    /// beside any bulk send, instead of in turn with the rest.
    /// </summary>
    public bool Urgent { get; init; }

    public IReadOnlyList<MessageAttachment> Attachments { get; init; } = [];
}

/// <summary>Published once a message has been handed to its provider; the timeline shows it on the recipient.</summary>
public sealed record MessageSent(Guid MessageId, MessageChannel Channel, MessageCategory Category, RecipientRef? Recipient, string To, string Summary, DateTime SentAt) : INotification;

/// <summary>
/// Creates a template another module relies on (a payment reminder, a quote's email) when there is none yet for its
/// key, channel and language; one an administrator has edited is left as it is.
/// </summary>
public sealed record EnsureTemplate(string Key, MessageChannel Channel, string Culture, string Name, string? Subject, string Body) : ICommand<Unit>;

/// <summary>The outbox's state for the administrator's dashboard: what waits, what failed lately, and the oldest waiting message.</summary>
public sealed record GetOutboxHealth(DateTime SinceUtc) : IRequest<OutboxHealth>;

public sealed record OutboxHealth(int Waiting, int SentSince, int FailedSince, DateTime? OldestWaitingSince);

/// <summary>Whether marketing messages may go to a customer's mobile and email (null for an address they do not have).</summary>
public sealed record GetMarketingConsent(string? Mobile, string? Email) : IRequest<MarketingConsent>;

public sealed record MarketingConsent(bool? Sms, bool? Email);

/// <summary>
/// Records a recipient's own choice about marketing on one channel: refused adds an opt-out (as the unsubscribe link
/// does), allowed removes it. <paramref name="Source"/> says where it was made ("portal", "staff").
/// </summary>
public sealed record SetMarketingConsent(MessageChannel Channel, string Address, bool Allowed, string Source) : ICommand<Unit>;

/// <summary>
/// Which of <paramref name="Addresses"/> refused marketing on <paramref name="Channel"/> (unsubscribed, opted out on the
/// portal, or recorded by staff); returned as given. At most <see cref="MaxAddresses"/> a question.
/// </summary>
public sealed record FindMarketingRefusals(MessageChannel Channel, IReadOnlyCollection<string> Addresses) : IRequest<IReadOnlySet<string>>
{
    public const int MaxAddresses = 5_000;
}

/// <summary>
/// One message of a bulk send, its text already written for its recipient. <paramref name="Id"/> becomes the outbox
/// message's id, so the sender can match what later happens to it (<see cref="MessageDelivered"/>, <see cref="MessageBounced"/>,
/// <see cref="MarketingRefused"/>) to its own record.
/// </summary>
public sealed record BulkMessage(string To, RecipientRef? Recipient, string Body, string? Subject = null, Guid? Id = null);

/// <summary>The gateway reported that an SMS reached the phone.</summary>
public sealed record MessageDelivered(Guid MessageId, MessageChannel Channel, DateTime At) : INotification;

/// <summary>
/// An email came back: refused by the recipient's server when sent, or returned later as a bounce mail. A hard
/// bounce (no such mailbox) also marks the address invalid for marketing; a soft one (a full mailbox) does not.
/// </summary>
public sealed record MessageBounced(Guid MessageId, MessageChannel Channel, bool Hard, DateTime At) : INotification;

/// <summary>
/// A recipient refused marketing on a channel; <paramref name="MessageId"/> is the message whose unsubscribe link they
/// used, when they used one.
/// </summary>
public sealed record MarketingRefused(MessageChannel Channel, Guid? MessageId, string Source, DateTime At) : INotification;

/// <summary>
/// Someone texted the sending line something other than an opt-out; <paramref name="MessageId"/> is the last marketing
/// SMS sent to their number (null when none). Heard again if the reading job is stopped before it notes it done.
/// </summary>
public sealed record SmsReplied(Guid? MessageId, string From, string Text, DateTime At) : INotification;

/// <summary>
/// Queues many messages of one channel and category at once (a campaign's batch), written in the caller's transaction
/// the fast way; marketing ones get their opt-out text or unsubscribe link like <see cref="SendMessage"/>. At most
/// <see cref="MaxMessages"/> a call. Returns how many were queued.
/// </summary>
public sealed record QueueBulkMessages(MessageChannel Channel, MessageCategory Category, IReadOnlyList<BulkMessage> Messages, string Culture = "fa") : ICommand<int>
{
    public const int MaxMessages = 5_000;
}

/// <summary>The marketing templates of a channel, by name (at most 200): what a campaign's message can start from.</summary>
public sealed record ListMarketingTemplates(MessageChannel Channel) : IRequest<IReadOnlyList<TemplateChoice>>;

public sealed record TemplateChoice(Guid Id, string Name, string Culture);

/// <summary>A marketing template's text as written, placeholders and all; null when there is none of that id.</summary>
public sealed record GetMarketingTemplate(Guid Id) : IRequest<TemplateText?>;

/// <param name="Body">An SMS's text or an email's HTML.</param>
public sealed record TemplateText(MessageChannel Channel, string? Subject, string Body);
