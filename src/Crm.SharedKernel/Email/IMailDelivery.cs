namespace Crm.SharedKernel.Email;

/// <summary>
/// Delivers one email, put together the one way every mail of the app is: multipart/alternative, plain text first and
/// HTML preferred, UTF-8 throughout, attachments after. The platform delivers over SMTP or, in development, to a folder.
/// </summary>
public interface IMailDelivery
{
    /// <summary>How mail leaves this instance (<c>smtp</c> or <c>folder</c>), as recorded on each sent message.</summary>
    string Name { get; }

    /// <exception cref="MailRefusedException">The server refused the recipient for good; sending again will not help.</exception>
    /// <exception cref="MailUnavailableException">The server could not be reached, signed in to, or took the message
    /// not now; sending again later may succeed.</exception>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <param name="MessageId">The <c>Message-ID</c> (with its angle brackets), kept the same when a message is sent again.</param>
/// <param name="Headers">More headers, e.g. <c>List-Unsubscribe</c>.</param>
public sealed record OutgoingMail(string To, string Subject, string HtmlBody, string TextBody)
{
    public string? MessageId { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The mail server refused the recipient permanently (no such mailbox, address not allowed).</summary>
public sealed class MailRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The mail server could not take the message now (unreachable, timed out, refused the sign-in, a 4xx answer).</summary>
public sealed class MailUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
