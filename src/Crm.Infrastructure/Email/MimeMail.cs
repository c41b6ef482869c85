using Crm.SharedKernel.Email;
using MimeKit;
using MimeKit.Text;

namespace Crm.Infrastructure.Email;

/// <summary>Turns an <see cref="OutgoingMail"/> into the MIME message both deliveries write.</summary>
public static class MimeMail
{
    public static MimeMessage Create(string from, OutgoingMail mail)
    {
        var message = new MimeMessage { Subject = mail.Subject };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(mail.To));
        if (mail.MessageId is { } id)
        {
            message.MessageId = id.Trim('<', '>');
        }

        foreach (var (name, value) in mail.Headers)
        {
            message.Headers.Add(name, value);
        }

        var body = new MultipartAlternative
        {
            Text(TextFormat.Plain, mail.TextBody),
            Text(TextFormat.Html, mail.HtmlBody),
        };
        if (mail.Attachments.Count == 0)
        {
            message.Body = body;
            return message;
        }

        var mixed = new Multipart("mixed") { body };
        foreach (var file in mail.Attachments)
        {
            mixed.Add(new MimePart(ContentType.Parse(file.ContentType))
            {
                Content = new MimeContent(new MemoryStream(file.Content)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = file.FileName,
            });
        }

        message.Body = mixed;
        return message;
    }

    private static TextPart Text(TextFormat format, string text)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText("utf-8", text);
        return part;
    }
}
