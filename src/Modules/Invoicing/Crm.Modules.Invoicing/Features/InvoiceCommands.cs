using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Web;
using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Gives a draft its number and makes it final; the number is taken in the command's transaction, so a failed issue leaves no gap.</summary>
public sealed record IssueInvoice(Guid InvoiceId) : ICommand<Outcome>;

public sealed record CancelInvoice(Guid InvoiceId, string? Reason) : ICommand<Outcome>;

public sealed record RecordPayment(PaymentInput Payment) : ICommand<Outcome>;

public sealed record SetChequeStatus(Guid PaymentId, ChequeStatus Status) : ICommand<Outcome>;

/// <summary>Voids a payment recorded by mistake (a soft delete), or restores it.</summary>
public sealed record VoidPayment(Guid PaymentId, bool Restore) : ICommand<Outcome>;

/// <summary>Queues the reminders due on <paramref name="Today"/> for these invoices, in one transaction.</summary>
public sealed record SendPaymentReminders(IReadOnlyCollection<Guid> InvoiceIds, DateOnly Today) : ICommand<int>;

/// <summary>Tells the invoice's owner, once, that a received cheque falls due.</summary>
public sealed record NotifyChequeDue(Guid PaymentId) : ICommand<bool>;

public sealed class InvoiceCommands(InvoiceService invoices, PaymentReminders reminders) :
    IRequestHandler<IssueInvoice, Outcome>,
    IRequestHandler<CancelInvoice, Outcome>,
    IRequestHandler<RecordPayment, Outcome>,
    IRequestHandler<SetChequeStatus, Outcome>,
    IRequestHandler<VoidPayment, Outcome>,
    IRequestHandler<SendPaymentReminders, int>,
    IRequestHandler<NotifyChequeDue, bool>
{
    public Task<Outcome> Handle(IssueInvoice request, CancellationToken cancellationToken) => invoices.IssueAsync(request.InvoiceId, cancellationToken);

    public Task<Outcome> Handle(CancelInvoice request, CancellationToken cancellationToken) => invoices.CancelAsync(request.InvoiceId, request.Reason, cancellationToken);

    public Task<Outcome> Handle(RecordPayment request, CancellationToken cancellationToken) => invoices.AddPaymentAsync(request.Payment, cancellationToken);

    public Task<Outcome> Handle(SetChequeStatus request, CancellationToken cancellationToken) => invoices.SetChequeStatusAsync(request.PaymentId, request.Status, cancellationToken);

    public Task<Outcome> Handle(VoidPayment request, CancellationToken cancellationToken) => invoices.VoidPaymentAsync(request.PaymentId, request.Restore, cancellationToken);

    public Task<int> Handle(SendPaymentReminders request, CancellationToken cancellationToken) => reminders.RemindAsync(request.InvoiceIds, request.Today, cancellationToken);

    public Task<bool> Handle(NotifyChequeDue request, CancellationToken cancellationToken) => reminders.NotifyChequeDueAsync(request.PaymentId, cancellationToken);
}
