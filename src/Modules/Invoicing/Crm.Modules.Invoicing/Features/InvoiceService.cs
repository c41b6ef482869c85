using Crm.Modules.Activities.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Features;

/// <summary>
/// Invoices: drafts, issuing with a gap-free number, cancelling, returns, payments, cheques and installments. The steps
/// that change what is owed run as commands (<see cref="InvoiceCommands"/>), so each is one transaction and the
/// <c>InvoiceIssued</c> and <c>InvoicePaid</c> messages go out after its commit.
/// </summary>
public sealed class InvoiceService(
    DbContext db,
    ICurrentUser user,
    IMediator mediator,
    IClock clock,
    SettingsStore settings,
    DocumentForms forms,
    Prices prices,
    PaymentReminders reminders,
    IDisplayFormatter format,
    IStringLocalizer<InvoicingResources> l)
{
    public IQueryable<Invoice> Invoices(bool deleted = false) =>
        (deleted ? db.Set<Invoice>().IgnoreQueryFilters().Where(i => i.IsDeleted) : db.Set<Invoice>()).VisibleTo(user);

    public Task<Invoice?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Invoices().Include(i => i.Lines).Include(i => i.Installments).AsSplitQuery().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    public Task<List<Payment>> PaymentsAsync(Guid invoiceId, CancellationToken cancellationToken) =>
        db.Set<Payment>().Where(p => p.InvoiceId == invoiceId).OrderBy(p => p.PaidOn).ThenBy(p => p.Id).ToListAsync(cancellationToken);

    public async Task<InvoiceEditModel> NewAsync(InvoiceType type, string? customer, CancellationToken cancellationToken)
    {
        var s = await settings.GetAsync(cancellationToken);
        var today = format.Today();
        return new InvoiceEditModel
        {
            Type = type == InvoiceType.Return ? InvoiceType.Sales : type,
            Customer = customer,
            IssueDate = format.DateInput(today),
            DueDate = format.DateInput(today.AddDays(s.PaymentDays)),
            Language = format.IsPersian ? "fa" : "en",
            Terms = s.DefaultInvoiceTerms,
        };
    }

    /// <summary>A return's form: the customer and lines of the invoice it credits, which must be issued and not cancelled.</summary>
    public async Task<InvoiceEditModel?> NewReturnAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        var original = await FindAsync(invoiceId, cancellationToken);
        if (original is null || !original.IsIssued || original.CancelledAt is not null || original.Type == InvoiceType.Return)
        {
            return null;
        }

        var model = await NewAsync(InvoiceType.Sales, original.Customer.ToString(), cancellationToken);
        (model.Type, model.ReturnOfId, model.ReturnOfNumber, model.CustomerName, model.Language) = (InvoiceType.Return, original.Id, original.Number, original.CustomerName, original.Language);
        model.DueDate = model.IssueDate;
        model.Lines = forms.Inputs(original.Lines);
        return model;
    }

    public InvoiceEditModel EditModel(Invoice invoice) => forms.Filled(new InvoiceEditModel
    {
        Type = invoice.Type,
        ReturnOfId = invoice.ReturnOfId,
        QuoteId = invoice.QuoteId,
        IssueDate = format.DateInput(invoice.IssueDate),
        DueDate = format.DateInput(invoice.DueDate),
    }, invoice);

    public async Task<SaveResult> SaveAsync(InvoiceEditModel model, CancellationToken cancellationToken)
    {
        var invoice = model.Id is { } id ? await FindAsync(id, cancellationToken) ?? throw new KeyNotFoundException() : null;
        var errors = new Dictionary<string, string>();
        if (invoice is not null && (!invoice.IsEditable || invoice.Version != model.Version))
        {
            errors[""] = l[invoice.IsEditable ? "Error_Concurrency" : "Error_InvoiceIssued"];
        }

        Invoice? original = null;
        if (invoice is null && model.Type == InvoiceType.Return
            && (model.ReturnOfId is null || (original = await FindAsync(model.ReturnOfId.Value, cancellationToken)) is null || !original.IsIssued || original.CancelledAt is not null))
        {
            errors[""] = l["Error_ReturnOf"];
        }

        var customer = original is null ? await forms.CustomerAsync(model.Customer, errors, cancellationToken) : null;
        var issueDate = forms.Date(model.IssueDate, nameof(model.IssueDate), errors);
        var dueDate = forms.Date(model.DueDate, nameof(model.DueDate), errors);
        if (issueDate is { } i && dueDate is { } d && d < i)
        {
            errors[nameof(model.DueDate)] = l["Error_DueDate"];
        }

        var lines = forms.Lines<InvoiceLine>(model.Lines, errors);
        if (original is not null && lines.Sum(x => x.Total) > original.Total - original.CreditedAmount)
        {
            errors[nameof(model.Lines)] = l["Error_ReturnTooLarge", prices.Show(original.Total - original.CreditedAmount)];
        }

        forms.CheckTexts(model.Terms, model.Notes, errors);

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        if (invoice is null)
        {
            var owner = original is null ? await mediator.Send(new ResolveOwner(null), cancellationToken) : new OwnerAssignment(original.OwnerId, original.TeamId, true);
            invoice = new Invoice { Type = model.Type, ReturnOfId = original?.Id, OwnerId = owner.OwnerId ?? user.UserId, TeamId = owner.TeamId };
            db.Add(invoice);
        }
        else
        {
            db.RemoveRange(invoice.Lines);
            invoice.Lines.Clear();
        }

        if (original is not null)
        {
            invoice.SetCustomer(original.Customer, original.CustomerName);
        }
        else if (customer is not null)
        {
            invoice.SetCustomer(customer.Record, customer.Title);
        }

        (invoice.IssueDate, invoice.DueDate) = (issueDate!.Value, dueDate!.Value);
        invoice.Language = model.Language == "en" ? "en" : "fa";
        invoice.Terms = string.IsNullOrWhiteSpace(model.Terms) ? null : model.Terms.Trim();
        invoice.Notes = string.IsNullOrWhiteSpace(model.Notes) ? null : model.Notes.Trim();
        foreach (var line in lines)
        {
            line.InvoiceId = invoice.Id;
            invoice.Lines.Add(line);
        }

        invoice.Recompute();
        invoice.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new Dictionary<string, string> { [""] = l["Error_Concurrency"] });
        }

        return new SaveResult(invoice.Id, new Dictionary<string, string>(), []);
    }

    /// <summary>An accepted quote becomes a draft invoice with the same lines, once; returns the invoice's id.</summary>
    public async Task<(Outcome Outcome, Guid? Id)> FromQuoteAsync(Guid quoteId, CancellationToken cancellationToken)
    {
        var quote = await db.Set<Quote>().VisibleTo(user).Include(q => q.Lines).FirstOrDefaultAsync(q => q.Id == quoteId, cancellationToken);
        if (quote is null || quote.Status != QuoteStatus.Accepted)
        {
            return (Outcome.Refused(l["Error_QuoteNotAccepted"]), null);
        }

        if (quote.InvoiceId is { } existing)
        {
            return (Outcome.Ok, existing);
        }

        var s = await settings.GetAsync(cancellationToken);
        var today = format.Today();
        var invoice = new Invoice { Type = InvoiceType.Sales, QuoteId = quote.Id, OpportunityId = quote.OpportunityId, IssueDate = today, DueDate = today.AddDays(s.PaymentDays) };
        invoice.CopyHeaderFrom(quote);
        invoice.Terms = s.DefaultInvoiceTerms;
        foreach (var line in quote.Lines.OrderBy(x => x.Position))
        {
            var copy = new InvoiceLine { InvoiceId = invoice.Id };
            copy.CopyFrom(line);
            invoice.Lines.Add(copy);
        }

        invoice.Recompute();
        quote.InvoiceId = invoice.Id;
        db.Add(invoice);
        await db.SaveChangesAsync(cancellationToken);
        return (Outcome.Ok, invoice.Id);
    }

    /// <summary>
    /// Gives the draft its number and makes it final. The number is taken in the same transaction as the save, so two
    /// people issuing at once get consecutive numbers and a failed issue leaves no gap.
    /// </summary>
    public async Task<Outcome> IssueAsync(Guid id, CancellationToken cancellationToken)
    {
        var invoice = await FindAsync(id, cancellationToken);
        if (invoice is null || !invoice.IsEditable)
        {
            return Outcome.Refused(l["Error_InvoiceIssued"]);
        }

        if (invoice.Lines.Count == 0)
        {
            return Outcome.Refused(l["Error_NoLines"]);
        }

        var s = await settings.GetAsync(cancellationToken);
        var year = JalaliDate.ToJalali(invoice.IssueDate).Year;
        var (key, pattern) = invoice.Type switch
        {
            InvoiceType.Return => ("Return", s.ReturnPattern),
            InvoiceType.Service => ("Service", s.ServicePattern),
            _ => ("Invoice", s.InvoicePattern),
        };
        var number = await DocumentNumbers.NextAsync(db, $"{key}-{year}", cancellationToken);
        invoice.Issue(DocumentNumbers.Format(pattern, year, number), year, clock.UtcNow, user.UserId);
        if (invoice.ReturnOfId is { } returned)
        {
            await RefreshCreditsAsync(returned, cancellationToken);
        }

        await mediator.Send(new LogTimelineEvent(invoice.Customer, ActivityKind.Document,
            prices.Both(invoice.Type == InvoiceType.Return ? "Timeline_ReturnIssued" : "Timeline_InvoiceIssued", invoice.Number!, invoice.Total)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> CancelAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        var invoice = await FindAsync(id, cancellationToken);
        if (invoice is null || invoice.CancelledAt is not null)
        {
            return Outcome.Refused(l["Error_NotCancellable"]);
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 500)
        {
            return Outcome.Refused(l["Error_CancelReason"]);
        }

        if (invoice.IsIssued && await db.Set<Payment>().AnyAsync(p => p.InvoiceId == id && (p.Method != PaymentMethod.Cheque || p.ChequeStatus != ChequeStatus.Bounced), cancellationToken))
        {
            return Outcome.Refused(l["Error_CancelPaid"]);
        }

        (invoice.CancelledAt, invoice.CancelledBy, invoice.CancelReason) = (clock.UtcNow, user.UserId, reason.Trim());
        if (invoice.ReturnOfId is { } returned)
        {
            await RefreshCreditsAsync(returned, cancellationToken);
        }

        if (invoice.IsIssued)
        {
            await mediator.Send(new LogTimelineEvent(invoice.Customer, ActivityKind.StatusChange, l.InBoth("Timeline_InvoiceCancelled", invoice.Number!, reason.Trim())), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> AddPaymentAsync(PaymentInput input, CancellationToken cancellationToken)
    {
        var invoice = await FindAsync(input.InvoiceId, cancellationToken);
        if (invoice is null || !invoice.IsIssued || invoice.CancelledAt is not null || invoice.Type == InvoiceType.Return)
        {
            return Outcome.Refused(l["Error_NotPayable"]);
        }

        var problems = new List<string>();
        if (!prices.TryParse(input.Amount, out var amount) || amount <= 0)
        {
            problems.Add(l["Error_PaymentAmount"]);
        }
        else if (amount > invoice.Balance)
        {
            problems.Add(l["Error_PaymentAboveBalance", prices.Show(invoice.Balance)]);
        }

        var paidOn = format.TryParseDateInput(input.PaidOn, out var on) ? on : (DateOnly?)null;
        if (paidOn is null)
        {
            problems.Add(l["Error_Date"]);
        }

        var payment = new Payment { InvoiceId = invoice.Id, Method = input.Method, Amount = amount, PaidOn = paidOn ?? format.Today(), Reference = Trim(input.Reference, 100), Note = Trim(input.Note, 500) };
        if (input.Method == PaymentMethod.Cheque)
        {
            var sayad = Digits.ToLatin(input.SayadId ?? "").Trim();
            if (!Payment.IsValidSayadId(sayad))
            {
                problems.Add(l["Error_SayadId"]);
            }

            if (string.IsNullOrWhiteSpace(input.Bank) || string.IsNullOrWhiteSpace(input.ChequeNumber))
            {
                problems.Add(l["Error_ChequeDetails"]);
            }

            if (!format.TryParseDateInput(input.ChequeDueDate, out var due))
            {
                problems.Add(l["Error_ChequeDueDate"]);
            }

            (payment.SayadId, payment.Bank, payment.ChequeNumber, payment.ChequeDueDate, payment.ChequeStatus, payment.ChequeStatusChangedAt) =
                (sayad, Trim(input.Bank, 100), Trim(Digits.ToLatin(input.ChequeNumber ?? ""), 40), due, ChequeStatus.Received, clock.UtcNow);
        }

        if (problems.Count > 0)
        {
            return Outcome.Refused(string.Join(" ", problems));
        }

        db.Add(payment);
        await mediator.Send(new LogTimelineEvent(invoice.Customer, ActivityKind.Document, prices.Both("Timeline_PaymentRecorded", invoice.Number!, amount)), cancellationToken);
        return await RefreshPaymentsAsync(invoice, cancellationToken);
    }

    /// <summary>Moves a cheque along; a bounced cheque stops counting, so the invoice is owed again.</summary>
    public async Task<Outcome> SetChequeStatusAsync(Guid paymentId, ChequeStatus status, CancellationToken cancellationToken)
    {
        var payment = await db.Set<Payment>().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        var invoice = payment is null ? null : await FindAsync(payment.InvoiceId, cancellationToken);
        if (payment is null || invoice is null || !payment.IsCheque)
        {
            return Outcome.Refused(l["Error_NotFound"]);
        }

        if (!Payment.CanMove(payment.ChequeStatus!.Value, status))
        {
            return Outcome.Refused(l["Error_ChequeStep"]);
        }

        (payment.ChequeStatus, payment.ChequeStatusChangedAt) = (status, clock.UtcNow);
        if (status == ChequeStatus.Bounced)
        {
            await mediator.Send(new LogTimelineEvent(invoice.Customer, ActivityKind.StatusChange,
                l.InBoth("Timeline_ChequeBounced", payment.ChequeNumber ?? "", invoice.Number!)), cancellationToken);
        }

        return await RefreshPaymentsAsync(invoice, cancellationToken);
    }

    /// <summary>A payment recorded by mistake is voided (soft deleted) and can be restored from the invoice.</summary>
    public async Task<Outcome> VoidPaymentAsync(Guid paymentId, bool restore, CancellationToken cancellationToken)
    {
        var payment = await db.Set<Payment>().IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == paymentId && p.IsDeleted == restore, cancellationToken);
        var invoice = payment is null ? null : await FindAsync(payment.InvoiceId, cancellationToken);
        if (payment is null || invoice is null)
        {
            return Outcome.Refused(l["Error_NotFound"]);
        }

        if (restore)
        {
            payment.IsDeleted = false;
        }
        else
        {
            db.Remove(payment);
        }

        return await RefreshPaymentsAsync(invoice, cancellationToken);
    }

    /// <summary>Splits the balance into installments: a number of them, the first due date and the days between.</summary>
    public async Task<Outcome> PlanInstallmentsAsync(Guid id, int count, string? first, int everyDays, CancellationToken cancellationToken)
    {
        var invoice = await FindAsync(id, cancellationToken);
        if (invoice is null || !invoice.IsIssued || invoice.CancelledAt is not null || invoice.Balance == 0 || invoice.Type == InvoiceType.Return)
        {
            return Outcome.Refused(l["Error_NotPayable"]);
        }

        if (count is < 1 or > 60 || everyDays is < 1 or > 366 || !format.TryParseDateInput(first, out var firstDue))
        {
            return Outcome.Refused(l["Error_Installments"]);
        }

        db.RemoveRange(invoice.Installments);
        invoice.Installments.Clear();
        // Installments cover what is still owed; what was already paid stands as a first, settled part.
        var paid = invoice.PaidAmount + invoice.CreditedAmount;
        var position = 0;
        if (paid > 0)
        {
            invoice.Installments.Add(new Installment { InvoiceId = invoice.Id, Position = position++, DueDate = invoice.IssueDate, Amount = paid });
        }

        foreach (var (due, amount) in InstallmentPlan.Split(invoice.Balance, count, firstDue, everyDays))
        {
            invoice.Installments.Add(new Installment { InvoiceId = invoice.Id, Position = position++, DueDate = due, Amount = amount });
        }

        invoice.DueDate = invoice.Installments.Max(x => x.DueDate);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Recomputes what was paid, saves, and thanks the customer the first time the invoice is fully paid.</summary>
    private async Task<Outcome> RefreshPaymentsAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        invoice.ApplyPayments(await db.Set<Payment>().Where(p => p.InvoiceId == invoice.Id).ToListAsync(cancellationToken), clock.UtcNow);
        if (invoice.PaidAt is not null)
        {
            await reminders.ThankOnceAsync(invoice, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    private async Task RefreshCreditsAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        var original = await db.Set<Invoice>().FirstAsync(i => i.Id == invoiceId, cancellationToken);
        // The return being issued or cancelled is tracked with its new state; the others come from the database.
        var returns = await db.Set<Invoice>().Where(i => i.ReturnOfId == invoiceId).ToListAsync(cancellationToken);
        original.CreditedAmount = returns.Where(r => r.IsIssued && r.CancelledAt is null).Sum(r => r.Total);
        original.ApplyPayments(await db.Set<Payment>().Where(p => p.InvoiceId == invoiceId).ToListAsync(cancellationToken), clock.UtcNow);
    }

    private static string? Trim(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, max)];
}
