using Crm.SharedKernel.Domain;

namespace Crm.Modules.Tickets.Domain;

public enum MailSecurity
{
    /// <summary>TLS from the first byte (port 993).</summary>
    Ssl = 0,
    StartTls = 1,
    /// <summary>No encryption: only for a server on the same machine or network.</summary>
    None = 2,
}

/// <summary>
/// A team's support mailbox, read over IMAP: new mail opens tickets in the team's queue and replies join their tickets.
/// The password is kept encrypted with the app's data-protection keys. Progress is the last UID read under the folder's
/// UIDVALIDITY; each message read is also recorded (<see cref="TicketMailImport"/>), so none is imported twice.
/// </summary>
public sealed class TicketMailbox : AggregateRoot
{
    public const int NameMaxLength = 100;
    public const int HostMaxLength = 200;

    public string Name { get; set; } = "";

    /// <summary>The mailbox's own address: mail from it is the app's own and never opens a ticket.</summary>
    public string Address { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 993;

    public MailSecurity Security { get; set; }

    public string UserName { get; set; } = "";

    public string ProtectedPassword { get; set; } = "";

    public string Folder { get; set; } = "INBOX";

    public Guid TeamId { get; set; }

    public bool Enabled { get; set; } = true;

    public long UidValidity { get; set; }

    public long LastUid { get; set; }

    public DateTime? LastCheckedAt { get; set; }

    /// <summary>Why the last check failed (null when it worked), for the administrator's page.</summary>
    public string? LastError { get; set; }
}

public enum MailOutcome
{
    /// <summary>A new ticket was opened.</summary>
    Opened = 0,
    /// <summary>The mail joined its ticket's thread.</summary>
    Joined = 1,
    /// <summary>Not imported on purpose (an auto-reply, a bounce, the app's own mail, too large); the reason is kept.</summary>
    Ignored = 2,
}

/// <summary>One message read from a mailbox, recorded in the transaction that imported it.</summary>
public sealed class TicketMailImport : Entity
{
    public Guid MailboxId { get; set; }

    public long UidValidity { get; set; }

    public long Uid { get; set; }

    public string? MessageId { get; set; }

    public DateTime At { get; set; }

    public MailOutcome Outcome { get; set; }

    public Guid? TicketId { get; set; }

    public string? Reason { get; set; }
}
