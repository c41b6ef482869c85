using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Invoicing.Domain;

/// <summary>What quotes and invoices share: the buyer, owner and team, language, terms, and totals summed from the lines.</summary>
public abstract class BillingDocument : AggregateRoot, IOwnedRecord
{
    public Guid? OrganizationId { get; set; }

    public Guid? ContactId { get; set; }

    /// <summary>The buyer's name when the document was written, for lists and cards.</summary>
    public string CustomerName { get; set; } = "";

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    /// <summary><c>fa</c> or <c>en</c>: the language the document is printed and emailed in.</summary>
    public string Language { get; set; } = "fa";

    public string? Terms { get; set; }

    /// <summary>Internal, not printed.</summary>
    public string? Notes { get; set; }

    public long Subtotal { get; private set; }

    public long DiscountTotal { get; private set; }

    public long VatTotal { get; private set; }

    public long Total { get; private set; }

    public RecordRef Customer => OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, ContactId ?? Guid.Empty);

    /// <summary>Each document maps its own list of lines; this is that list, whichever kind of lines it holds.</summary>
    protected abstract IEnumerable<DocumentLine> DocumentLines { get; }

    /// <summary>The lines in order, whichever kind of document this is (a method, so EF Core does not take it for a relation).</summary>
    public IReadOnlyList<DocumentLine> LinesInOrder() => [.. DocumentLines.OrderBy(l => l.Position)];

    public void SetCustomer(RecordRef customer, string name)
    {
        OrganizationId = customer.Type == RecordTypes.Organization ? customer.Id : null;
        ContactId = customer.Type == RecordTypes.Contact ? customer.Id : null;
        CustomerName = name;
    }

    /// <summary>Computes each line, then the totals as their sums.</summary>
    public void Recompute()
    {
        foreach (var line in DocumentLines)
        {
            line.Compute();
        }

        var sum = DocumentMath.Sum(DocumentLines);
        (Subtotal, DiscountTotal, VatTotal, Total) = (sum.Gross, sum.Discount, sum.Vat, sum.Total);
    }

    /// <summary>Copies the buyer, owner and wording of another document (an invoice from its quote, a revision).</summary>
    public void CopyHeaderFrom(BillingDocument other)
    {
        (OrganizationId, ContactId, CustomerName, OwnerId, TeamId) = (other.OrganizationId, other.ContactId, other.CustomerName, other.OwnerId, other.TeamId);
        (Language, Terms, Notes) = (other.Language, other.Terms, other.Notes);
    }
}
