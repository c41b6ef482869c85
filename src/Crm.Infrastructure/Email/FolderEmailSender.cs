using System.Net.Mail;
using Crm.SharedKernel.Email;
using Microsoft.Extensions.Options;

namespace Crm.Infrastructure.Email;

/// <summary>Writes each message as an .eml file instead of sending it: for development and demos.</summary>
public sealed class FolderEmailSender(IOptions<EmailOptions> options, string folder) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        using var mail = MultipartMail.Create(options.Value.From, message.To, message.Subject, message.HtmlBody, message.TextBody);
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = folder,
        };
        await client.SendMailAsync(mail, cancellationToken);
    }
}
