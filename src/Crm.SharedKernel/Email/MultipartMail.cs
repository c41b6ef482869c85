using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Crm.SharedKernel.Email;

/// <summary>The one way mail is put together: multipart/alternative, plain text first, HTML preferred by clients that can show it.</summary>
public static class MultipartMail
{
    public static MailMessage Create(string from, string to, string subject, string htmlBody, string textBody)
    {
        var mail = new MailMessage(from, to)
        {
            Subject = subject,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        foreach (var (body, mediaType) in new[] { (textBody, MediaTypeNames.Text.Plain), (htmlBody, MediaTypeNames.Text.Html) })
        {
            var view = AlternateView.CreateAlternateViewFromString(body, Encoding.UTF8, mediaType);
            view.TransferEncoding = TransferEncoding.QuotedPrintable;
            mail.AlternateViews.Add(view);
        }

        return mail;
    }
}
