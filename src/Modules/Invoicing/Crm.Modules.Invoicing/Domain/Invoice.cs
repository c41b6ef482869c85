using Crm.Modules.Invoicing.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Invoicing.Domain;

public enum InvoiceType
{
    Sales = 0,

    /// <summary>A credit against an earlier invoice: the correction of an issued invoice, which is never edited.</summary>
    Return = 1,

    /// <summary>For after-sales service work.</summary>
    Service = 2,
}

/// <summary>
/// An invoice: a draft until issued, then immutable, with a gap-free number per type and Jalali fiscal year. What is
/// owed follows from its payments (a bounced cheque does not count), its returns and its installments.
/// </summary>
public sealed class Invoice : BillingDocument
{
    public InvoiceType Type { get; set; }

    public string? Number { get; set; }

    public int? FiscalYear { get; set; }

    public Guid? QuoteId { get; set; }

    /// <summary>The deal sold, taken from the quote; its payment may close the deal as won.</summary>
    public Guid? OpportunityId { get; set; }

    /// <summary>For a return: the invoice it credits.</summary>
    public Guid? ReturnOfId { get; set; }

    public DateOnly IssueDate { get; set; }

    public DateOnly DueDate { get; set; }

    public DateTime? IssuedAt { get; set; }

    public Guid? IssuedBy { get; set; }

    /// <summary>The sum of the payments that count (every one but bounced cheques); kept with the invoice so lists and reminders filter on it.</summary>
    public long PaidAmount { get; set; }

    /// <summary>The totals of issued, not cancelled returns against this invoice.</summary>
    public long CreditedAmount { get; set; }

    /// <summary>When it last became fully paid.</summary>
    public DateTime? PaidAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    public Guid? CancelledBy { get; set; }

    public string? CancelReason { get; set; }

    /// <summary>Reminders follow this policy instead of the customer's or the default one.</summary>
    public Guid? ReminderPolicyId { get; set; }

    /// <summary>The due date for which <see cref="InvoiceOverdue"/> was last published.</summary>
    public DateOnly? OverdueNoticeFor { get; set; }

    public List<InvoiceLine> Lines { get; } = [];

    public List<Installment> Installments { get; } = [];

    protected override IEnumerable<DocumentLine> DocumentLines => Lines;

    public bool IsIssued => IssuedAt is not null;

    public bool IsEditable => !IsIssued && CancelledAt is null;

    public long Balance => Standing.Balance;

    /// <summary>What the invoice's status and what is owed follow from.</summary>
    public InvoiceStanding Standing => new(Type, IsIssued, CancelledAt is not null, Total, PaidAmount, CreditedAmount, DueDate, Installments);

    public InvoiceStatus StatusOn(DateOnly today) => Standing.StatusOn(today);

    /// <inheritdoc cref="InvoiceStanding.CurrentDueDate"/>
    public DateOnly? CurrentDueDate => Standing.CurrentDueDate;

    /// <inheritdoc cref="InvoiceStanding.AmountDueNow"/>
    public long AmountDueNow => Standing.AmountDueNow;

    /// <summary>The record events an invoice reports to automations.</summary>
    public const string PaidEvent = "Paid";
    public const string OverdueEvent = "Overdue";

    public void Issue(string number, int fiscalYear, DateTime at, Guid? by)
    {
        (Number, FiscalYear, IssuedAt, IssuedBy) = (number, fiscalYear, at, by);
        Raise(new InvoiceIssued(Id, number, Customer, Total, OwnerId, TeamId, IssueDate));
    }

    /// <summary>Sets what was paid from the payments; marks and announces the moment it became fully paid.</summary>
    public void ApplyPayments(IEnumerable<Payment> payments, DateTime now)
    {
        var wasPaid = PaidAt is not null;
        PaidAmount = payments.Where(p => p.Counts).Sum(p => p.Amount);
        var paid = IsIssued && CancelledAt is null && Type != InvoiceType.Return && Total > 0 && Balance == 0;
        PaidAt = paid ? PaidAt ?? now : null;
        if (paid && !wasPaid)
        {
            Raise(new InvoicePaid(Id, Number ?? "", Customer, Total, OwnerId, TeamId, now) { OpportunityId = OpportunityId });
            Raise(new RecordEventOccurred(new RecordRef(InvoicingRecordTypes.Invoice, Id), PaidEvent));
        }
    }

    public void RaiseOverdue(DateOnly dueDate)
    {
        OverdueNoticeFor = dueDate;
        Raise(new InvoiceOverdue(Id, Number ?? "", Customer, AmountDueNow, dueDate, OwnerId));
        Raise(new RecordEventOccurred(new RecordRef(InvoicingRecordTypes.Invoice, Id), OverdueEvent));
    }
}

/// <summary>A dated part of an invoice's balance. Payments cover installments in date order.</summary>
public sealed class Installment : Entity
{
    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    public DateOnly DueDate { get; set; }

    public long Amount { get; set; }
}

/// <summary>
/// What an invoice's status and what is owed follow from, and the one place they are decided. Lists read just these
/// columns (and the installments' dates and amounts) instead of whole invoices.
/// </summary>
public sealed record InvoiceStanding(InvoiceType Type, bool Issued, bool Cancelled, long Total, long PaidAmount, long CreditedAmount, DateOnly DueDate, IReadOnlyList<Installment> Installments)
{
    public long Balance => Math.Max(0, Total - PaidAmount - CreditedAmount);

    public InvoiceStatus StatusOn(DateOnly today)
    {
        if (Cancelled)
        {
            return InvoiceStatus.Cancelled;
        }

        if (!Issued)
        {
            return InvoiceStatus.Draft;
        }

        if (Type == InvoiceType.Return)
        {
            return InvoiceStatus.Credited;
        }

        if (Balance == 0)
        {
            return InvoiceStatus.Paid;
        }

        if (CurrentDueDate is { } due && due < today)
        {
            return InvoiceStatus.Overdue;
        }

        return PaidAmount + CreditedAmount > 0 ? InvoiceStatus.PartiallyPaid : InvoiceStatus.Unpaid;
    }

    /// <summary>
    /// The date the next payment is expected: the first installment not yet covered by what was paid, or the due date.
    /// Null when nothing is owed.
    /// </summary>
    public DateOnly? CurrentDueDate => NextInstallment() is { } next ? next.Installment.DueDate : Balance > 0 ? DueDate : null;

    /// <summary>What is owed by <see cref="CurrentDueDate"/>: the rest of that installment, or the balance.</summary>
    public long AmountDueNow => NextInstallment() is { } next ? next.Remaining : Balance;

    /// <summary>The first installment what was paid does not cover, and how much of it is still owed.</summary>
    public (Installment Installment, long Remaining)? NextInstallment()
    {
        var covered = PaidAmount + CreditedAmount;
        foreach (var installment in Installments.OrderBy(i => i.DueDate).ThenBy(i => i.Position))
        {
            if (covered >= installment.Amount)
            {
                covered -= installment.Amount;
                continue;
            }

            return (installment, installment.Amount - covered);
        }

        return null;
    }
}

/// <summary>How a balance is paid in parts.</summary>
public static class InstallmentPlan
{
    /// <summary>Splits <paramref name="balance"/> into <paramref name="count"/> installments, every <paramref name="everyDays"/> days from <paramref name="first"/>; the last takes the rounding.</summary>
    public static IReadOnlyList<(DateOnly DueDate, long Amount)> Split(long balance, int count, DateOnly first, int everyDays)
    {
        var each = balance / count;
        return [.. Enumerable.Range(0, count).Select(i => (first.AddDays(i * everyDays), i == count - 1 ? balance - (each * (count - 1)) : each))];
    }
}
