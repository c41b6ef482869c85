using Crm.Modules.Activities.Contracts;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Crm.SharedKernel.Web;

namespace Crm.Modules.Tickets.Features;

/// <summary>What the registration form sends; dates as typed (Jalali in Persian).</summary>
public sealed class RegistrationInput
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public Guid? ProductId { get; set; }

    public string? SerialNumber { get; set; }

    public string? Customer { get; set; }

    public string? PurchaseDate { get; set; }

    /// <summary>The invoice the item was sold on, when registered from one of its lines.</summary>
    public Guid? InvoiceId { get; set; }

    /// <summary>Empty: the product's warranty from the purchase date.</summary>
    public string? WarrantyStart { get; set; }

    public string? WarrantyEnd { get; set; }

    public int? FreeServices { get; set; }

    public int FreeServicesUsed { get; set; }
}

public sealed record SaveRegistration(RegistrationInput Input) : ICommand<CommandResult>;

/// <summary>
/// Registers a sold item, or corrects a registration. From an invoice line, the invoice's date and number come from the
/// customer's purchases (so only an invoice of that customer that the user may see); the warranty and free services
/// start from the product's, and either may be changed. A serial number is registered once per product.
/// </summary>
public sealed class RegistrationHandler(DbContext db, ICurrentUser user, IClock clock, IMediator mediator, RecordDirectory records, IDisplayFormatter format,
    IStringLocalizer<TicketsResources> l) : IRequestHandler<SaveRegistration, CommandResult>
{
    public async ValueTask<CommandResult> Handle(SaveRegistration request, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var errors = new Dictionary<string, string>();
        var serial = PersianText.Clean(input.SerialNumber ?? "").ToUpperInvariant();
        if (serial.Length is 0 or > ProductRegistration.SerialMaxLength)
        {
            errors[nameof(input.SerialNumber)] = l["Error_Serial", ProductRegistration.SerialMaxLength];
        }

        CatalogProduct? product = null;
        if (input.ProductId is not { } productId
            || !(await mediator.Send(new GetCatalogProducts([productId], null), cancellationToken)).TryGetValue(productId, out product))
        {
            errors[nameof(input.ProductId)] = l["Error_Product"];
        }

        RecordLink? customer = null;
        if (!RecordRef.TryParse(input.Customer, out var customerRef) || customerRef.Type is not (RecordTypes.Contact or RecordTypes.Organization)
            || (customer = await records.FindVisibleAsync(customerRef, cancellationToken)) is null)
        {
            errors[nameof(input.Customer)] = l["Error_Customer"];
        }

        DateOnly? purchased = Date(input.PurchaseDate, nameof(input.PurchaseDate), errors, required: true);
        PurchaseLine? sale = null;
        if (input.InvoiceId is { } invoiceId && customer is not null)
        {
            sale = (await mediator.Send(new GetCustomerPurchases(customerRef), cancellationToken)).FirstOrDefault(p => p.InvoiceId == invoiceId && !p.IsReturn);
            if (sale is null)
            {
                errors[nameof(input.InvoiceId)] = l["Error_Invoice"];
            }
        }

        var start = Date(input.WarrantyStart, nameof(input.WarrantyStart), errors, required: false);
        var end = Date(input.WarrantyEnd, nameof(input.WarrantyEnd), errors, required: false);
        if (start is not null && end is not null && end < start)
        {
            errors[nameof(input.WarrantyEnd)] = l["Error_WarrantyEnd"];
        }

        var free = input.FreeServices ?? product?.FreeServices ?? 0;
        if (free is < 0 or > 50 || input.FreeServicesUsed < 0 || input.FreeServicesUsed > free)
        {
            errors[nameof(input.FreeServicesUsed)] = l["Error_FreeServices"];
        }

        ProductRegistration? registration = null;
        if (input.Id is { } id)
        {
            registration = await db.Set<ProductRegistration>().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new KeyNotFoundException();
            if (registration.Version != input.Version)
            {
                errors[""] = l["Error_Concurrency"];
            }
        }

        if (errors.Count == 0 && await db.Set<ProductRegistration>().AnyAsync(r => r.ProductId == product!.Id && r.SerialNumber == serial && r.Id != input.Id, cancellationToken))
        {
            errors[nameof(input.SerialNumber)] = l["Error_SerialTaken"];
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        if (registration is null)
        {
            registration = new ProductRegistration { OwnerId = customer!.OwnerId ?? user.UserId, TeamId = customer.OwnerId is null ? user.TeamId : customer.TeamId, CreatedAt = clock.UtcNow };
            db.Add(registration);
        }

        var isNew = registration.ProductName.Length == 0;
        (registration.ProductId, registration.ProductName, registration.SerialNumber) = (product!.Id, TextLimits.Shorten(product.Name, 200), serial);
        var isOrganization = customerRef.Type == RecordTypes.Organization;
        (registration.OrganizationId, registration.ContactId) = (isOrganization ? customerRef.Id : null, isOrganization ? null : customerRef.Id);
        registration.CustomerName = TextLimits.Shorten(customer!.Title, 200);
        registration.PurchaseDate = sale?.IssueDate ?? purchased!.Value;
        (registration.InvoiceId, registration.InvoiceNumber) = sale is null ? ((Guid?)null, (string?)null) : (sale.InvoiceId, TextLimits.Shorten(sale.InvoiceNumber, 40));
        // An empty warranty means the product's, counted from the purchase; a product without one gives none.
        registration.WarrantyStart = start ?? (end is not null || product.WarrantyMonths > 0 ? registration.PurchaseDate : null);
        registration.WarrantyEnd = end ?? (product.WarrantyMonths > 0 ? registration.PurchaseDate.AddMonths(product.WarrantyMonths).AddDays(-1) : null);
        (registration.FreeServices, registration.FreeServicesUsed) = (free, input.FreeServicesUsed);
        if (isNew)
        {
            await mediator.Send(new LogTimelineEvent(registration.Customer, ActivityKind.StatusChange, l.InBoth("Timeline_Registered", registration.ProductName, serial)), cancellationToken);
        }

        return new CommandResult(registration.Id, errors);
    }

    private DateOnly? Date(string? text, string field, Dictionary<string, string> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = l["Error_Date"];
            }

            return null;
        }

        if (format.TryParseDateInput(text, out var date) && date.Year is > 1990 and < 2200)
        {
            return date;
        }

        errors[field] = l["Error_Date"];
        return null;
    }
}

public static class RegistrationLinks
{
    public static string Details(Guid id) => $"/Tickets/Registrations/Details/{id}";
}
