using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Messaging.Features;

public sealed class SendMessageValidator : AbstractValidator<SendMessage>
{
    public SendMessageValidator(IStringLocalizer<MessagingResources> l)
    {
        RuleFor(m => m.To).Must(EmailAddress.IsValid).When(m => m.Channel == MessageChannel.Email).WithMessage(l["InvalidEmail"]);
        RuleFor(m => m.To).Must(PhoneNumber.IsIranianMobile).When(m => m.Channel == MessageChannel.Sms).WithMessage(l["InvalidMobile"]);
        RuleFor(m => m.Body).NotEmpty().When(m => m.TemplateKey is null).WithMessage(l["BodyRequired"]);
        RuleFor(m => m.Subject).NotEmpty().When(m => m.TemplateKey is null && m.Channel == MessageChannel.Email).WithMessage(l["SubjectRequired"]);
        RuleFor(m => m.Culture).Must(c => c is "fa" or "en").WithMessage(l["UnknownCulture"]);
    }
}

/// <summary>Stores a message in the outbox (rendered from its template, with the unsubscribe link or opt-out text it needs).</summary>
public sealed class SendMessageHandler(DbContext db, IClock clock, ICurrentUser user, UnsubscribeLinks unsubscribe, IStringLocalizer<MessagingResources> l, IBulkInserter bulk)
    : IRequestHandler<SendMessage, Guid>, IRequestHandler<QueueBulkMessages, int>
{
    public async ValueTask<int> Handle(QueueBulkMessages request, CancellationToken cancellationToken)
    {
        if (request.Messages.Count > QueueBulkMessages.MaxMessages)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many messages in one call.");
        }

        // The same address rule as a single message's validator: an SMS to an Iranian mobile, an email to a valid address.
        if (request.Messages.Any(m => request.Channel == MessageChannel.Sms ? !PhoneNumber.IsIranianMobile(m.To) : !EmailAddress.IsValid(m.To)))
        {
            throw new ArgumentException("A message of a bulk send has no valid address.", nameof(request));
        }

        var now = clock.UtcNow;
        var messages = request.Messages.Select(m =>
        {
            var message = OutboxMessage.WithId(m.Id);
            (message.Channel, message.Category, message.To, message.ToKey) = (request.Channel, request.Category, m.To.Trim(), AddressKey(request.Channel, m.To));
            (message.RecipientType, message.RecipientId, message.Culture, message.Subject) = (m.Recipient?.Type, m.Recipient?.Id, request.Culture, m.Subject);
            (message.CreatedAt, message.CreatedBy, message.NextAttemptAt) = (now, user.UserId, now);
            message.Body = request.Category == MessageCategory.Marketing ? WithOptOut(message, m.Body) : m.Body;
            message.TextBody = request.Channel == MessageChannel.Email ? MessageText.HtmlToText(message.Body) : null;
            return message;
        }).ToList();
        await bulk.InsertAsync(messages, cancellationToken);
        return messages.Count;
    }

    private readonly Dictionary<(string Key, MessageChannel Channel, string Culture), MessageTemplate?> _templates = [];

    public async ValueTask<Guid> Handle(SendMessage request, CancellationToken cancellationToken)
    {
        var (subject, body, category) = (request.Subject, request.Body ?? "", request.Category);
        var toKey = AddressKey(request.Channel, request.To);
        var linked = false;
        if (request.TemplateKey is { } key)
        {
            // The handler lives as long as its scope: a job queueing thousands of reminders reads each template once.
            if (!_templates.TryGetValue((key, request.Channel, request.Culture), out var template))
            {
                template = await db.Set<MessageTemplate>().AsNoTracking()
                    .Where(t => t.Key == key && t.Channel == request.Channel)
                    .OrderBy(t => t.Culture == request.Culture ? 0 : 1)
                    .FirstOrDefaultAsync(cancellationToken);
                _templates[(key, request.Channel, request.Culture)] = template;
            }

            template = template
                ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(request.TemplateKey), l["TemplateMissing", key])]);
            var html = request.Channel == MessageChannel.Email;
            var values = new Dictionary<string, object?>(request.Values) { ["UnsubscribeUrl"] = unsubscribe.Url(request.Channel, toKey) };
            subject = template.Subject is null ? null : MessageText.Render(template.Subject, values, template.Culture, html: false);
            body = MessageText.Render(template.Body, values, template.Culture, html);
            category = template.Category;
            linked = template.Body.Contains("UnsubscribeUrl", StringComparison.Ordinal);
        }

        var now = clock.UtcNow;
        var message = new OutboxMessage
        {
            Channel = request.Channel,
            Category = category,
            To = request.To.Trim(),
            ToKey = toKey,
            RecipientType = request.Recipient?.Type,
            RecipientId = request.Recipient?.Id,
            TemplateKey = request.TemplateKey,
            Culture = request.Culture,
            Subject = subject,
            CreatedAt = now,
            CreatedBy = user.UserId,
            NextAttemptAt = request.SendAt is { } at && at > now ? at : now,
            Urgent = request.Urgent,
        };
        message.Body = category == MessageCategory.Marketing && !linked ? WithOptOut(message, body) : body;
        if (message.Channel == MessageChannel.Email)
        {
            message.TextBody = MessageText.HtmlToText(message.Body);
        }

        foreach (var file in request.Attachments)
        {
            message.Attachments.Add(new OutboxAttachment { MessageId = message.Id, FileName = file.FileName, ContentType = file.ContentType, Content = file.Content });
        }

        db.Add(message);
        return message.Id;
    }

    public static string AddressKey(MessageChannel channel, string address) =>
        channel == MessageChannel.Email ? EmailAddress.Normalize(address) : PhoneNumber.Normalize(address);

    /// <summary>Every marketing email ends with an unsubscribe link (unless its template placed one); every marketing SMS with the opt-out text.</summary>
    private string WithOptOut(OutboxMessage message, string body)
    {
        string Text(string name) => l.InCulture(message.Culture, name);
        if (message.Channel == MessageChannel.Sms)
        {
            return body + "\n" + Text("SmsOptOut");
        }

        var url = System.Net.WebUtility.HtmlEncode(unsubscribe.Url(MessageChannel.Email, message.ToKey, message.Id));
        return body + $"<p style=\"font-size:12px;color:#6c757d\"><a href=\"{url}\">{System.Net.WebUtility.HtmlEncode(Text("Unsubscribe"))}</a></p>";
    }
}
