using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Sales.Contracts;

namespace Crm.Modules.Invoicing.Features;

/// <summary>A line as typed in a quote or invoice form: every number as text, read in any digits.</summary>
public sealed class LineInput
{
    public Guid? ProductId { get; set; }

    public string? Code { get; set; }

    public string? Description { get; set; }

    public string? Unit { get; set; }

    public string? Quantity { get; set; }

    public string? UnitPrice { get; set; }

    /// <summary>A percentage when it ends with "%", otherwise an amount.</summary>
    public string? Discount { get; set; }

    public string? VatRate { get; set; }
}

/// <summary>What the quote and invoice forms share: the buyer, the language, the terms and the lines.</summary>
public abstract class DocumentEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    /// <summary>A record reference, <c>Organization:…</c> or <c>Contact:…</c>.</summary>
    public string? Customer { get; set; }

    public string? CustomerName { get; set; }

    public Guid? PriceBookId { get; set; }

    public string Language { get; set; } = "fa";

    public string? Terms { get; set; }

    public string? Notes { get; set; }

    public List<LineInput> Lines { get; set; } = [];

    /// <summary>The catalog offered in the line picker, and the price books.</summary>
    public IReadOnlyList<CatalogProduct> Products { get; set; } = [];

    public IReadOnlyList<PriceBookSummary> PriceBooks { get; set; } = [];

    /// <summary>Each price book's price of each offered product, so a line takes the chosen book's price as it is picked.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, long>> BookPrices { get; set; } = new Dictionary<Guid, IReadOnlyDictionary<Guid, long>>();
}

public sealed class QuoteEditModel : DocumentEditModel
{
    public Guid? OpportunityId { get; set; }

    public string? OpportunityName { get; set; }

    public string? QuoteDate { get; set; }

    public string? ValidUntil { get; set; }
}

public sealed class InvoiceEditModel : DocumentEditModel
{
    public InvoiceType Type { get; set; }

    public Guid? ReturnOfId { get; set; }

    public string? ReturnOfNumber { get; set; }

    public Guid? QuoteId { get; set; }

    public string? IssueDate { get; set; }

    public string? DueDate { get; set; }
}

public sealed class PaymentInput
{
    public Guid InvoiceId { get; set; }

    public PaymentMethod Method { get; set; }

    public string? Amount { get; set; }

    public string? PaidOn { get; set; }

    public string? Reference { get; set; }

    public string? Note { get; set; }

    public string? Bank { get; set; }

    public string? ChequeNumber { get; set; }

    public string? SayadId { get; set; }

    public string? ChequeDueDate { get; set; }
}

/// <summary>The outcome of an action on a document: done, or the reason it was refused.</summary>
public sealed record Outcome(bool Done, string? Error = null)
{
    public static readonly Outcome Ok = new(true);

    public static Outcome Refused(string error) => new(false, error);
}
