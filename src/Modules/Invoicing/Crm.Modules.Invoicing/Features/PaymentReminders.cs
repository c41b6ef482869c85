using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace Crm.Modules.Invoicing.Features;

/// <summary>The template keys this module relies on; the initializer creates them in both languages.</summary>
/// <summary>The portal's links to one invoice or quote, put in the messages that send them.</summary>
public static class DocumentLinksFor
{
    public const string InvoicePath = "/portal/shared/invoice/";
    public const string QuotePath = "/portal/shared/quote/";

    /// <summary>A new link for the document's customer; empty for a document without a contact (an organization's alone).</summary>
    public static async Task<string> IssueAsync(IMediator mediator, string type, Guid id, Guid? contactId, CancellationToken cancellationToken) =>
        contactId is { } contact
            ? await mediator.Send(new Crm.Modules.Portal.Contracts.IssueDocumentLink(type, id, contact, type == InvoicingRecordTypes.Quote ? QuotePath : InvoicePath), cancellationToken)
            : "";
}

public static class InvoicingTemplates
{
    public const string QuoteEmail = "quote.email";
    public const string BeforeDue = "invoice.reminder.before";
    public const string OnDue = "invoice.reminder.due";
    public const string Overdue = "invoice.reminder.overdue";
    public const string ThankYou = "invoice.thanks";

    public static string For(ReminderKind kind) => kind switch
    {
        ReminderKind.BeforeDue => BeforeDue,
        ReminderKind.OnDue => OnDue,
        ReminderKind.Overdue => Overdue,
        _ => ThankYou,
    };
}

/// <summary>
/// Payment reminders by each invoice's policy, the thank-you on full payment, overdue notices and cheque due dates.
/// Every reminder is a <see cref="SentReminder"/> row with a unique key written in the same transaction as its message,
/// so each goes out exactly once, whoever runs the job and however often.
/// </summary>
public sealed class PaymentReminders(DbContext db, IMediator mediator, SettingsStore settings, IStringLocalizer<InvoicingResources> l, ILogger<PaymentReminders> log)
{
    public const int BatchSize = 200;

    /// <summary>
    /// Sends what is due on <paramref name="today"/>, a batch of invoices per command (one transaction each); returns
    /// how many reminders were queued. When another scheduler wrote some of a batch's reminders at the same moment, the
    /// batch's unique keys collide and it is rolled back whole, then retried an invoice at a time, skipping those.
    /// </summary>
    public async Task<int> RunAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var sent = 0;
        var open = await db.Set<Invoice>().AsNoTracking()
            .Where(i => i.IssuedAt != null && i.CancelledAt == null && i.PaidAt == null && i.Type != InvoiceType.Return)
            .OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(cancellationToken);
        foreach (var ids in open.Chunk(BatchSize))
        {
            var batch = await TryAsync(new SendPaymentReminders(ids, today), cancellationToken);
            if (batch is null)
            {
                foreach (var id in ids)
                {
                    sent += await TryAsync(new SendPaymentReminders([id], today), cancellationToken) ?? 0;
                }
            }
            else
            {
                sent += batch.Value;
            }

            db.ChangeTracker.Clear();
        }

        var tomorrow = today.AddDays(1);
        var cheques = await db.Set<Payment>().AsNoTracking()
            .Where(p => p.Method == PaymentMethod.Cheque && (p.ChequeStatus == ChequeStatus.Received || p.ChequeStatus == ChequeStatus.Deposited)
                        && p.ChequeDueDate >= today && p.ChequeDueDate <= tomorrow)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var cheque in cheques)
        {
            await TryAsync(new NotifyChequeDue(cheque), cancellationToken);
        }

        return sent;
    }

    /// <summary>The command's result, or null when its reminders collided with another scheduler's.</summary>
    private async Task<T?> TryAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
        where T : struct
    {
        try
        {
            return await mediator.Send(command, cancellationToken);
        }
        catch (DbUpdateException e)
        {
            log.LogInformation("Reminders already sent by another scheduler: {Message}", e.InnerException?.Message ?? e.Message);
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>Thanks the customer for paying in full, once per invoice; the caller saves in its transaction.</summary>
    public async Task ThankOnceAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(invoice, cancellationToken);
        if (policy is not { ThankYou: true })
        {
            return;
        }

        var contact = (await mediator.Send(new GetBillingDetails([invoice.Customer]), cancellationToken)).GetValueOrDefault(invoice.Customer);
        var done = await db.Set<SentReminder>().Where(r => r.SubjectId == invoice.Id && r.Kind == ReminderKind.ThankYou).Select(r => r.Channel).ToListAsync(cancellationToken);
        var company = (await settings.GetAsync(cancellationToken)).CompanyName;
        foreach (var (channel, to) in Channels(policy, contact).Where(c => !done.Contains((int)c.Channel)))
        {
            await QueueAsync(invoice, ReminderKind.ThankYou, 0, invoice.IssueDate, channel, to, company, DateTime.UtcNow, cancellationToken);
        }
    }

    /// <summary>Queues the reminders due today for these invoices; runs inside <see cref="SendPaymentReminders"/>.</summary>
    public async Task<int> RemindAsync(IReadOnlyCollection<Guid> ids, DateOnly today, CancellationToken cancellationToken)
    {
        var invoices = await db.Set<Invoice>().Include(i => i.Installments).Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        var already = (await db.Set<SentReminder>().AsNoTracking().Where(r => ids.Contains(r.SubjectId)).ToListAsync(cancellationToken)).ToLookup(r => r.SubjectId);
        var contacts = await mediator.Send(new GetBillingDetails([.. invoices.Select(i => i.Customer).Distinct()]), cancellationToken);
        var company = (await settings.GetAsync(cancellationToken)).CompanyName;
        var customerIds = invoices.Select(i => i.Customer.Id).Distinct().ToList();
        var ownPolicies = await db.Set<CustomerReminderPolicy>().AsNoTracking().Where(c => customerIds.Contains(c.CustomerId))
            .ToDictionaryAsync(c => (c.CustomerType, c.CustomerId), c => c.ReminderPolicyId, cancellationToken);
        var now = DateTime.UtcNow;
        var sent = 0;
        foreach (var invoice in invoices)
        {
            if (invoice.CurrentDueDate is not { } due)
            {
                continue;
            }

            if (due < today && invoice.OverdueNoticeFor != due)
            {
                invoice.RaiseOverdue(due);
            }

            var policy = Policy(invoice, ownPolicies.TryGetValue((invoice.Customer.Type, invoice.Customer.Id), out var own) ? own : null, await Policies(cancellationToken));
            if (policy is null || Due(policy, due, today) is not { } next)
            {
                continue;
            }

            var previous = already[invoice.Id].Where(r => r.DueDate == due && r.Kind is ReminderKind.BeforeDue or ReminderKind.OnDue or ReminderKind.Overdue).ToList();
            if (previous.Any(r => r.Kind == next.Kind && r.Sequence == next.Sequence) || previous.Select(r => (r.Kind, r.Sequence)).Distinct().Count() >= policy.MaxCount)
            {
                continue;
            }

            foreach (var (channel, to) in Channels(policy, contacts.GetValueOrDefault(invoice.Customer)))
            {
                await QueueAsync(invoice, next.Kind, next.Sequence, due, channel, to, company, now, cancellationToken);
                sent++;
            }
        }

        return sent;
    }

    /// <summary>The reminder a policy calls for on <paramref name="today"/> for a payment due on <paramref name="due"/>, if any.</summary>
    public static (ReminderKind Kind, int Sequence)? Due(ReminderPolicy policy, DateOnly due, DateOnly today)
    {
        var days = today.DayNumber - due.DayNumber;
        if (days < 0)
        {
            return policy.DaysBefore is { } before && -days <= before ? (ReminderKind.BeforeDue, 0) : null;
        }

        if (days == 0)
        {
            return policy.OnDueDate ? (ReminderKind.OnDue, 0) : null;
        }

        return policy.EveryDaysAfter is { } every and > 0 && days / every >= 1 ? (ReminderKind.Overdue, days / every) : null;
    }

    private async Task QueueAsync(Invoice invoice, ReminderKind kind, int sequence, DateOnly due, MessageChannel channel, string to, string company, DateTime now,
        CancellationToken cancellationToken)
    {
        var messageId = await mediator.Send(new SendMessage(channel, to)
        {
            TemplateKey = InvoicingTemplates.For(kind),
            Culture = invoice.Language,
            Recipient = new RecipientRef(invoice.Customer.Type, invoice.Customer.Id),
            Values = new Dictionary<string, object?>
            {
                ["Invoice.Number"] = invoice.Number, ["Invoice.Amount"] = invoice.Total, ["Invoice.AmountDue"] = invoice.AmountDueNow, ["Invoice.DueDate"] = due,
                ["Company.Name"] = company, ["Customer.Name"] = invoice.CustomerName,
                ["Invoice.Link"] = await DocumentLinksFor.IssueAsync(mediator, InvoicingRecordTypes.Invoice, invoice.Id, invoice.ContactId, cancellationToken),
            },
        }, cancellationToken);
        db.Add(new SentReminder { SubjectId = invoice.Id, DueDate = due, Kind = kind, Sequence = sequence, Channel = (int)channel, MessageId = messageId, SentAt = now });
    }

    private static IEnumerable<(MessageChannel Channel, string To)> Channels(ReminderPolicy policy, BillingDetails? contact)
    {
        if (policy.BySms && contact?.Mobile is { } mobile && PhoneNumber.IsIranianMobile(mobile))
        {
            yield return (MessageChannel.Sms, mobile);
        }

        if (policy.ByEmail && contact?.Email is { } email && EmailAddress.IsValid(email))
        {
            yield return (MessageChannel.Email, email);
        }
    }

    private async Task<ReminderPolicy?> PolicyAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var customer = invoice.Customer;
        var own = await db.Set<CustomerReminderPolicy>().Where(c => c.CustomerType == customer.Type && c.CustomerId == customer.Id)
            .Select(c => (Guid?)c.ReminderPolicyId).FirstOrDefaultAsync(cancellationToken);
        return Policy(invoice, own, await Policies(cancellationToken));
    }

    /// <summary>The invoice's own policy, else its customer's, else the default one.</summary>
    private static ReminderPolicy? Policy(Invoice invoice, Guid? customers, List<ReminderPolicy> policies) =>
        ((invoice.ReminderPolicyId ?? customers) is { } id ? policies.FirstOrDefault(p => p.Id == id) : null) ?? policies.FirstOrDefault(p => p.IsDefault);

    private List<ReminderPolicy>? _policies;

    private async Task<List<ReminderPolicy>> Policies(CancellationToken cancellationToken) =>
        _policies ??= await db.Set<ReminderPolicy>().AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// Tells the invoice's owner and their team's leader that a cheque falls due, so someone deposits it; the reminder's
    /// unique key makes it once per cheque and date.
    /// </summary>
    public async Task<bool> NotifyChequeDueAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var cheque = await db.Set<Payment>().AsNoTracking().Where(p => p.Id == paymentId && p.ChequeDueDate != null)
            .Join(db.Set<Invoice>(), p => p.InvoiceId, i => i.Id, (p, i) => new { Payment = p, i.Number, i.OwnerId, i.TeamId, i.CustomerName })
            .FirstOrDefaultAsync(cancellationToken);
        var due = cheque?.Payment.ChequeDueDate;
        if (cheque?.OwnerId is not { } owner || due is null
            || await db.Set<SentReminder>().AnyAsync(r => r.SubjectId == paymentId && r.DueDate == due && r.Kind == ReminderKind.ChequeDue, cancellationToken))
        {
            return false;
        }

        db.Add(new SentReminder { SubjectId = paymentId, DueDate = due.Value, Kind = ReminderKind.ChequeDue, Channel = SentReminder.InApp, SentAt = DateTime.UtcNow });
        var leader = cheque.TeamId is { } team ? (await mediator.Send(new ListTeams(), cancellationToken)).FirstOrDefault(t => t.Id == team)?.LeaderId : null;
        await mediator.Send(new Notify(leader is { } lead ? [owner, lead] : [owner], l.InBoth("Notify_ChequeDue", cheque.Payment.ChequeNumber ?? "", cheque.CustomerName, cheque.Number ?? ""),
            $"/Invoicing/Invoices/Details/{cheque.Payment.InvoiceId}"), cancellationToken);
        return true;
    }
}

/// <summary>Runs the payment reminders every hour; a day's reminders go out in its first run.</summary>
public sealed class PaymentRemindersJob(PaymentReminders reminders, IClock clock, IDisplayFormatter format) : ICrmJob
{
    public const string Key = "invoicing.payment-reminders";

    public Task ExecuteAsync(CancellationToken cancellationToken) =>
        reminders.RunAsync(DateOnly.FromDateTime(format.ToLocal(clock.UtcNow)), cancellationToken);
}

/// <summary>Expires sent quotes past their validity date, every night.</summary>
public sealed class ExpireQuotesJob(QuoteService quotes, IClock clock, IDisplayFormatter format) : ICrmJob
{
    public const string Key = "invoicing.expire-quotes";

    public Task ExecuteAsync(CancellationToken cancellationToken) =>
        quotes.ExpireAsync(DateOnly.FromDateTime(format.ToLocal(clock.UtcNow)), cancellationToken);
}
