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
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.TextBody, Encoding.UTF8, MediaTypeNames.Text.Plain));
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        return mail;
    }
}
