namespace Crm.Modules.Invoicing.Domain;

public enum QuoteStatus
{
    Draft = 0,
    Sent = 1,
    Accepted = 2,
    Rejected = 3,
    Expired = 4,

    /// <summary>A later revision replaced it; it stays for the history.</summary>
    Superseded = 5,
}

/// <summary>Whether a quote's discount needed a manager's approval, and what they said.</summary>
public enum ApprovalState
{
    NotNeeded = 0,
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>
/// A pre-invoice: lines for a customer, valid until a date. A sent quote is never edited; it is revised, which makes a
/// new quote with the same number and the next revision, and the old one is kept as superseded.
/// </summary>
public sealed class Quote : BillingDocument
{
    public string Number { get; set; } = "";

    public int Revision { get; set; } = 1;

    /// <summary>The first revision's id: every revision of one quote shares it.</summary>
    public Guid FamilyId { get; set; }

    public Guid? OpportunityId { get; set; }

    public Guid? PriceBookId { get; set; }

    public QuoteStatus Status { get; set; }

    public DateOnly QuoteDate { get; set; }

    public DateOnly ValidUntil { get; set; }

    public ApprovalState Approval { get; set; }

    public Guid? ApprovedBy { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public string? ApprovalComment { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? DecidedAt { get; set; }

    /// <summary>The name the customer typed to confirm their decision on the portal; null when staff recorded it.</summary>
    public string? DecidedByName { get; set; }

    /// <summary>The address the customer's decision came from, with <see cref="DecidedByName"/>.</summary>
    public string? DecidedFrom { get; set; }

    public const int DecidedByNameMaxLength = 200;

    public Guid? InvoiceId { get; set; }

    public List<QuoteLine> Lines { get; } = [];

    protected override IEnumerable<DocumentLine> DocumentLines => Lines;

    public string DisplayNumber => Revision > 1 ? $"{Number}-R{Revision}" : Number;

    /// <summary>The largest discount of any line, in percent of that line's gross amount.</summary>
    public decimal LargestDiscount => Lines.Count == 0 ? 0 : Lines.Max(l => l.DiscountShare);

    public bool IsEditable => Status == QuoteStatus.Draft && Approval != ApprovalState.Pending;

    /// <summary>The next revision: a draft with the same number and lines; this one is superseded.</summary>
    public Quote Revise(DateOnly today, int validDays)
    {
        var next = new Quote
        {
            Number = Number,
            Revision = Revision + 1,
            FamilyId = FamilyId,
            OpportunityId = OpportunityId,
            PriceBookId = PriceBookId,
            QuoteDate = today,
            ValidUntil = today.AddDays(validDays),
        };
        next.CopyHeaderFrom(this);
        foreach (var line in Lines.OrderBy(l => l.Position))
        {
            var copy = new QuoteLine { QuoteId = next.Id };
            copy.CopyFrom(line);
            next.Lines.Add(copy);
        }

        next.Recompute();
        Status = QuoteStatus.Superseded;
        return next;
    }
}
