using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Crm.SharedKernel.Email;

namespace Crm.Infrastructure.Email;

internal static class MailMessageFactory
{
    /// <summary>A multipart/alternative message: plain text first, HTML preferred by mail clients that can show it.</summary>
    public static MailMessage Create(EmailOptions options, EmailMessage message)
    {
        var mail = new MailMessage(options.From, message.To)
        {
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        foreach (var (body, mediaType) in new[] { (message.TextBody, MediaTypeNames.Text.Plain), (message.HtmlBody, MediaTypeNames.Text.Html) })
        {
            var view = AlternateView.CreateAlternateViewFromString(body, Encoding.UTF8, mediaType);
            view.TransferEncoding = TransferEncoding.QuotedPrintable;
            mail.AlternateViews.Add(view);
        }

        return mail;
    }
}
