using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;

namespace Crm.Modules.Messaging.Providers;

/// <summary>Hands one message to a provider (a mail server, an SMS gateway, a folder).</summary>
public interface IMessageTransport
{
    MessageChannel Channel { get; }

    string Name { get; }

    Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>A provider that can say later whether a sent message reached the phone.</summary>
public interface IDeliveryReports
{
    Task<IReadOnlyDictionary<string, DeliveryState>> LookUpAsync(IReadOnlyCollection<string> providerMessageIds, CancellationToken cancellationToken);
}

/// <summary>A provider whose inbox holds the texts people send back to the sending line.</summary>
public interface IInboundMessages
{
    /// <summary>
    /// The texts not fetched before (the gateway marks them fetched), at most a hundred a call; with
    /// <paramref name="alreadyFetched"/>, the latest of those fetched before instead, to find any whose keeping was cut short.
    /// </summary>
    Task<IReadOnlyList<InboundSms>> FetchAsync(bool alreadyFetched, CancellationToken cancellationToken);
}

/// <summary>A text someone sent back: the gateway's id for it, who sent it, what it says and when.</summary>
public sealed record InboundSms(string Id, string From, string Text, DateTime ReceivedAtUtc);

public enum DeliveryState
{
    Pending,
    Delivered,
    Undelivered,
}

/// <summary>
/// What the provider said. <see cref="Permanent"/> failures are not retried (a bad number, an empty text);
/// <see cref="Bounced"/> ones are the recipient's server refusing the address itself.
/// </summary>
public sealed record TransportResult(bool Accepted, string? ProviderMessageId = null, string? Error = null, bool Permanent = false, bool Bounced = false)
{
    public static TransportResult Bounce(string error) => new(false, Error: error, Permanent: true, Bounced: true);

    public static TransportResult Ok(string? providerMessageId = null) => new(true, providerMessageId);

    public static TransportResult Retry(string error) => new(false, Error: error);

    public static TransportResult Refused(string error) => new(false, Error: error, Permanent: true);
}
