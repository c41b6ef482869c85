using Crm.Modules.Invoicing.Domain;
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
    public async ValueTask<Outcome> Handle(IssueInvoice request, CancellationToken cancellationToken) => await invoices.IssueAsync(request.InvoiceId, cancellationToken);

    public async ValueTask<Outcome> Handle(CancelInvoice request, CancellationToken cancellationToken) => await invoices.CancelAsync(request.InvoiceId, request.Reason, cancellationToken);

    public async ValueTask<Outcome> Handle(RecordPayment request, CancellationToken cancellationToken) => await invoices.AddPaymentAsync(request.Payment, cancellationToken);

    public async ValueTask<Outcome> Handle(SetChequeStatus request, CancellationToken cancellationToken) => await invoices.SetChequeStatusAsync(request.PaymentId, request.Status, cancellationToken);

    public async ValueTask<Outcome> Handle(VoidPayment request, CancellationToken cancellationToken) => await invoices.VoidPaymentAsync(request.PaymentId, request.Restore, cancellationToken);

    public async ValueTask<int> Handle(SendPaymentReminders request, CancellationToken cancellationToken) => await reminders.RemindAsync(request.InvoiceIds, request.Today, cancellationToken);

    public async ValueTask<bool> Handle(NotifyChequeDue request, CancellationToken cancellationToken) => await reminders.NotifyChequeDueAsync(request.PaymentId, cancellationToken);
}
