namespace Crm.SharedKernel.Email;

/// <summary>Sends a transactional email (password reset and the like).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
