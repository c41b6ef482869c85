using Crm.SharedKernel.Domain;

namespace Crm.Modules.Invoicing.Domain;

/// <summary>
/// The company as it appears on quotes and invoices, and the rules of the documents: numbering, validity and payment
/// terms, the discount that needs approval. One row.
/// </summary>
public sealed class InvoicingSettings : AggregateRoot
{
    public string CompanyName { get; set; } = "";

    public string? CompanyEnglishName { get; set; }

    public string? EconomicCode { get; set; }

    public string? NationalId { get; set; }

    public string? RegistrationNumber { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? FooterText { get; set; }

    public byte[]? Logo { get; set; }

    public string? LogoType { get; set; }

    public byte[]? Seal { get; set; }

    public string? SealType { get; set; }

    /// <summary>Numbering patterns: <c>{year}</c> is the Jalali fiscal year, <c>{number:6}</c> the sequence padded to six digits.</summary>
    public string QuotePattern { get; set; } = "QUO-{year}-{number:5}";

    public string InvoicePattern { get; set; } = "INV-{year}-{number:6}";

    public string ReturnPattern { get; set; } = "RET-{year}-{number:5}";

    public string ServicePattern { get; set; } = "SRV-{year}-{number:5}";

    public int QuoteValidDays { get; set; } = 14;

    public int PaymentDays { get; set; } = 30;

    public decimal DefaultVatRate { get; set; } = 10;

    /// <summary>A quote with a line discounted by more than this percentage needs a manager's approval before it is sent.</summary>
    public decimal ApprovalThreshold { get; set; } = 15;

    /// <summary>The terms a new quote starts with (how long it is valid, delivery).</summary>
    public string? DefaultTerms { get; set; }

    /// <summary>The terms a new invoice starts with, also one made from a quote (whose validity means nothing on an invoice).</summary>
    public string? DefaultInvoiceTerms { get; set; }
}

/// <summary>The last number given for one document type and fiscal year. Incremented inside the issuing transaction, so numbers have no gaps.</summary>
public sealed class DocumentSequence
{
    public string Key { get; set; } = "";

    public long Last { get; set; }
}
