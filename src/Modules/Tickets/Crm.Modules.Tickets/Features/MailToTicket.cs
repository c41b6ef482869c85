using Crm.SharedKernel.Files;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// One message of a mailbox, imported in one transaction with the record that it was read and the mailbox's progress:
/// a reply whose subject carries a ticket's number joins that ticket as the customer's words; any other mail from a
/// person opens a ticket in the mailbox team's queue, for the sender's contact (created when unknown); automatic mail
/// is recorded and left alone. Returns what was done; a message already recorded is not imported again.
/// </summary>
public sealed record ImportTicketMail(Guid MailboxId, long UidValidity, long Uid, MimeMessage Message) : ICommand<MailOutcome?>;

/// <summary>A message too large to read, recorded so it is not fetched again.</summary>
public sealed record SkipTicketMail(Guid MailboxId, long UidValidity, long Uid, string Reason) : ICommand<Unit>;

public sealed class ImportTicketMailHandler(DbContext db, IMediator mediator, TicketAttachments attachments, IClock clock, IStringLocalizer<TicketsResources> l) :
    IRequestHandler<ImportTicketMail, MailOutcome?>,
    IRequestHandler<SkipTicketMail, Unit>
{
    public async ValueTask<MailOutcome?> Handle(ImportTicketMail request, CancellationToken cancellationToken)
    {
        var mailbox = await db.Set<TicketMailbox>().FirstAsync(m => m.Id == request.MailboxId, cancellationToken);
        var message = request.Message;
        var messageId = string.IsNullOrEmpty(message.MessageId) ? null : TextLimits.Shorten(message.MessageId, 300);
        // The same message again: by its UID (a run that died before its progress was seen), or by its Message-ID (the folder renumbered).
        if (await db.Set<TicketMailImport>().AnyAsync(i => i.MailboxId == mailbox.Id && ((i.UidValidity == request.UidValidity && i.Uid == request.Uid)
                || (messageId != null && i.MessageId == messageId)), cancellationToken))
        {
            Advance(mailbox, request);
            return null;
        }

        var record = new TicketMailImport { MailboxId = mailbox.Id, UidValidity = request.UidValidity, Uid = request.Uid, MessageId = messageId, At = clock.UtcNow };
        db.Add(record);
        Advance(mailbox, request);
        if (MailIntake.AutomaticReason(message, mailbox.Address) is { } reason)
        {
            (record.Outcome, record.Reason) = (MailOutcome.Ignored, reason);
            return record.Outcome;
        }

        var (files, refused) = Files(message);
        var body = MailIntake.BodyText(message, TicketEntry.BodyMaxLength - 600);
        if (refused.Count > 0)
        {
            body = (body + "\n\n" + l["Mail_FilesNotKept", string.Join("، ", refused)]).Trim();
        }

        if (MailIntake.TicketNumber(message.Subject) is { } number
            && await db.Set<Ticket>().Where(t => t.Number == number).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken) is { } ticketId)
        {
            var joined = await mediator.Send(new AddTicketEntry(ticketId, TicketEntryKind.CustomerReply, body.Length == 0 ? "—" : body, files), cancellationToken);
            if (joined.Saved)
            {
                (record.Outcome, record.TicketId) = (MailOutcome.Joined, ticketId);
                return record.Outcome;
            }
        }

        var customer = await CustomerAsync(message, cancellationToken);
        var subject = TextLimits.Shorten(PersianText.Clean(message.Subject ?? ""), Ticket.SubjectMaxLength);
        var opened = await mediator.Send(new SaveTicket(new TicketInput
        {
            Subject = subject.Length == 0 ? l["Mail_NoSubject"] : subject, Description = body.Length == 0 ? null : body, Customer = customer.ToString(),
            Channel = TicketChannel.Email, QueueTeamId = mailbox.TeamId,
        }), cancellationToken);
        if (!opened.Saved)
        {
            (record.Outcome, record.Reason) = (MailOutcome.Ignored, TextLimits.Shorten(string.Join(" ", opened.Errors.Values), 300));
            return record.Outcome;
        }

        if (files.Count > 0)
        {
            // The mail's files go with the ticket's first line of the thread.
            var first = db.Set<TicketEntry>().Local.Where(e => e.TicketId == opened.Id).OrderBy(e => e.At).First();
            await attachments.AddAsync(first, files, clock.UtcNow, cancellationToken);
        }

        (record.Outcome, record.TicketId) = (MailOutcome.Opened, opened.Id);
        return record.Outcome;
    }

    public async ValueTask<Unit> Handle(SkipTicketMail request, CancellationToken cancellationToken)
    {
        var mailbox = await db.Set<TicketMailbox>().FirstAsync(m => m.Id == request.MailboxId, cancellationToken);
        if (!await db.Set<TicketMailImport>().AnyAsync(i => i.MailboxId == mailbox.Id && i.UidValidity == request.UidValidity && i.Uid == request.Uid, cancellationToken))
        {
            db.Add(new TicketMailImport
            {
                MailboxId = mailbox.Id, UidValidity = request.UidValidity, Uid = request.Uid, At = clock.UtcNow, Outcome = MailOutcome.Ignored, Reason = TextLimits.Shorten(request.Reason, 300),
            });
        }

        (mailbox.UidValidity, mailbox.LastUid) = (request.UidValidity, Math.Max(mailbox.LastUid, request.Uid));
        return Unit.Value;
    }

    private static void Advance(TicketMailbox mailbox, ImportTicketMail request) =>
        (mailbox.UidValidity, mailbox.LastUid) = (request.UidValidity, Math.Max(mailbox.UidValidity == request.UidValidity ? mailbox.LastUid : 0, request.Uid));

    /// <summary>The sender's contact, or a new one made from the sender's name and address.</summary>
    private async Task<RecordRef> CustomerAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var sender = message.From.Mailboxes.First();
        var address = EmailAddress.Normalize(sender.Address);
        if (await mediator.Send(new FindContactByEmail(address), cancellationToken) is { } known)
        {
            return new RecordRef(RecordTypes.Contact, known.ContactId);
        }

        var name = PersianText.Clean(string.IsNullOrWhiteSpace(sender.Name) ? address.Split('@')[0] : sender.Name);
        var space = name.LastIndexOf(' ');
        var (first, last) = space > 0 ? (name[..space], name[(space + 1)..]) : ("", name);
        var id = await mediator.Send(new CreateContact(TextLimits.Shorten(first, 100), TextLimits.Shorten(last, 100), null, EmailAddress.IsValid(address) ? address : null, null, null,
            CustomerSource.Other, null, null, null, l["Mail_ContactNote"]), cancellationToken);
        // Saved now so the ticket, in this same transaction, finds its customer.
        await db.SaveChangesAsync(cancellationToken);
        return new RecordRef(RecordTypes.Contact, id);
    }

    /// <summary>The attachments a ticket may keep (the first <see cref="TicketAttachments.MaxFiles"/> of a kind it takes), and the names of the others with why.</summary>
    private static (List<TicketUpload> Files, List<string> Refused) Files(MimeMessage message)
    {
        var files = new List<TicketUpload>();
        var refused = new List<string>();
        foreach (var part in message.Attachments.OfType<MimePart>().Take(20))
        {
            var name = TicketAttachments.CleanName(part.FileName ?? "file");
            var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            var bytes = content.ToArray();
            if (bytes.Length == 0 || bytes.Length > TicketAttachments.MaxFileBytes || files.Count >= TicketAttachments.MaxFiles
                || AttachmentTypes.ContentTypeOf(name, bytes.AsMemory(0, Math.Min(bytes.Length, AttachmentTypes.HeadLength))) is null)
            {
                refused.Add("«" + name + "»");
                continue;
            }

            files.Add(new TicketUpload(name, bytes.Length, () => new MemoryStream(bytes, writable: false)));
        }

        return (files, refused);
    }
}

/// <summary>What a check of a mailbox found.</summary>
public sealed record MailCheck(int Read, int Opened, int Joined, int Ignored, string? Error);

/// <summary>
/// Reads the team mailboxes over IMAP with MailKit: every message after the last UID read, oldest first, each imported by
/// its own command (its own transaction), so a reader killed at any moment resumes after the last message committed and
/// never imports one twice. Messages are fetched read-only; the mailbox itself is never changed.
/// </summary>
public sealed class TicketMailReader(IServiceScopeFactory scopes, IDataProtectionProvider protection, IClock clock, ILogger<TicketMailReader> log)
{
    private const int BatchSize = 200;

    public string Protect(string password) => Protector.Protect(password);

    public async Task<IReadOnlyDictionary<Guid, MailCheck>> CheckAllAsync(CancellationToken cancellationToken)
    {
        List<Guid> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            ids = await scope.ServiceProvider.GetRequiredService<DbContext>().Set<TicketMailbox>().Where(m => m.Enabled).Select(m => m.Id).ToListAsync(cancellationToken);
        }

        var results = new Dictionary<Guid, MailCheck>();
        foreach (var id in ids)
        {
            results[id] = await CheckAsync(id, cancellationToken);
        }

        return results;
    }

    public async Task<MailCheck> CheckAsync(Guid mailboxId, CancellationToken cancellationToken)
    {
        TicketMailbox mailbox;
        await using (var scope = scopes.CreateAsyncScope())
        {
            mailbox = await scope.ServiceProvider.GetRequiredService<DbContext>().Set<TicketMailbox>().AsNoTracking().FirstAsync(m => m.Id == mailboxId, cancellationToken);
        }

        int read = 0, opened = 0, joined = 0, ignored = 0;
        string? error = null;
        try
        {
            using var client = new ImapClient { Timeout = 60_000 };
            await client.ConnectAsync(mailbox.Host, mailbox.Port, mailbox.Security switch
            {
                MailSecurity.Ssl => SecureSocketOptions.SslOnConnect,
                MailSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            }, cancellationToken);
            await client.AuthenticateAsync(mailbox.UserName, Protector.Unprotect(mailbox.ProtectedPassword), cancellationToken);
            var folder = await client.GetFolderAsync(mailbox.Folder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var validity = (long)folder.UidValidity;
            var after = validity == mailbox.UidValidity ? mailbox.LastUid : 0;
            // "n:*" also answers the newest message when its UID is below n, hence the filter.
            var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId((uint)Math.Min(after + 1, uint.MaxValue)), UniqueId.MaxValue)), cancellationToken))
                .Where(u => u.Id > after).OrderBy(u => u.Id).Take(BatchSize).ToList();
            var sizes = uids.Count == 0 ? [] : (await folder.FetchAsync(uids, MessageSummaryItems.Size | MessageSummaryItems.UniqueId, cancellationToken))
                .ToDictionary(s => s.UniqueId.Id, s => (long?)s.Size);
            foreach (var uid in uids)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var scope = scopes.CreateAsyncScope();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                read++;
                if (sizes.GetValueOrDefault(uid.Id) is { } size && size > MailIntake.MaxMessageBytes)
                {
                    await mediator.Send(new SkipTicketMail(mailbox.Id, validity, uid.Id, $"larger than {MailIntake.MaxMessageBytes / (1024 * 1024)} MB"), cancellationToken);
                    ignored++;
                    continue;
                }

                var message = await folder.GetMessageAsync(uid, cancellationToken);
                switch (await mediator.Send(new ImportTicketMail(mailbox.Id, validity, uid.Id, message), cancellationToken))
                {
                    case MailOutcome.Opened: opened++; break;
                    case MailOutcome.Joined: joined++; break;
                    case MailOutcome.Ignored: ignored++; break;
                }
            }

            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (Exception e) when (e is ImapProtocolException or ImapCommandException or AuthenticationException or SslHandshakeException or IOException
            or System.Net.Sockets.SocketException or FolderNotFoundException or TimeoutException or System.Security.Cryptography.CryptographicException)
        {
            error = TextLimits.Shorten(e.Message, 500);
            log.LogWarning(e, "Reading the support mailbox {Mailbox} failed", mailbox.Name);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DbContext>().Set<TicketMailbox>().Where(m => m.Id == mailbox.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastCheckedAt, clock.UtcNow).SetProperty(m => m.LastError, error), cancellationToken);
        }

        return new MailCheck(read, opened, joined, ignored, error);
    }

    private IDataProtector Protector => protection.CreateProtector("Crm.Tickets.MailboxPassword.v1");
}

public sealed class TicketMailJob(TicketMailReader reader) : ICrmJob
{
    public const string Key = "tickets.mail";

    public Task ExecuteAsync(CancellationToken cancellationToken) => reader.CheckAllAsync(cancellationToken);
}
