namespace Crm.SharedKernel.Email;

public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody);
