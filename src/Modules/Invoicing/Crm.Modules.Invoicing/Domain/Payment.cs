using Crm.SharedKernel.Domain;

namespace Crm.Modules.Invoicing.Domain;

public enum PaymentMethod
{
    Cash = 0,
    Card = 1,
    Transfer = 2,
    Cheque = 3,
}

/// <summary>A cheque's own life: received from the customer, deposited at the bank, then cleared or bounced.</summary>
public enum ChequeStatus
{
    Received = 0,
    Deposited = 1,
    Cleared = 2,
    Bounced = 3,
}

/// <summary>
/// Money received against an invoice. A cheque counts as paid from the day it is received (as post-dated cheques do in
/// Iranian trade) until it bounces. A payment recorded by mistake is voided (soft deleted), never erased.
/// </summary>
public sealed class Payment : AggregateRoot
{
    public Guid InvoiceId { get; set; }

    public PaymentMethod Method { get; set; }

    /// <summary>Whole rials.</summary>
    public long Amount { get; set; }

    public DateOnly PaidOn { get; set; }

    /// <summary>A card's terminal or a transfer's tracking number.</summary>
    public string? Reference { get; set; }

    public string? Note { get; set; }

    public string? Bank { get; set; }

    public string? ChequeNumber { get; set; }

    /// <summary>The 16-digit Sayad identifier every Iranian cheque carries.</summary>
    public string? SayadId { get; set; }

    public DateOnly? ChequeDueDate { get; set; }

    public ChequeStatus? ChequeStatus { get; set; }

    public DateTime? ChequeStatusChangedAt { get; set; }

    public bool IsCheque => Method == PaymentMethod.Cheque;

    public bool Counts => !IsCheque || ChequeStatus != Domain.ChequeStatus.Bounced;

    /// <summary>The steps a cheque may take from where it is: bounced and cleared are final.</summary>
    public static bool CanMove(ChequeStatus from, ChequeStatus to) => (from, to) switch
    {
        (Domain.ChequeStatus.Received, Domain.ChequeStatus.Deposited or Domain.ChequeStatus.Cleared or Domain.ChequeStatus.Bounced) => true,
        (Domain.ChequeStatus.Deposited, Domain.ChequeStatus.Cleared or Domain.ChequeStatus.Bounced) => true,
        _ => false,
    };

    /// <summary>A Sayad id is 16 digits.</summary>
    public static bool IsValidSayadId(string? id) => id is { Length: 16 } && id.All(char.IsAsciiDigit);
}
