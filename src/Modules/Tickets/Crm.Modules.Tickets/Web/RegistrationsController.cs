using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

public sealed record RegistrationListModel(string? Query, IReadOnlyList<ProductRegistration> Rows, DateOnly Today);

public sealed record RegistrationDetailsModel(ProductRegistration Registration, IReadOnlyList<Ticket> Tickets, IReadOnlyList<RepairOrder> Repairs, string? CustomerUrl, DateOnly Today);

public sealed class RegistrationEditModel
{
    public RegistrationInput Input { get; set; } = new();

    public string? CustomerTitle { get; set; }

    public string? ProductTitle { get; set; }

    /// <summary>The customer's purchased products, to register one in a step.</summary>
    public IReadOnlyList<PurchaseLine> Purchases { get; set; } = [];
}

/// <summary>The installed base: each sold item with its serial number and warranty, and every ticket and repair it had.</summary>
[Area(TicketsModule.ModuleName)]
[HasPermission(TicketsPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class RegistrationsController(
    DbContext db,
    ICurrentUser user,
    IMediator mediator,
    RecordDirectory records,
    IClock clock,
    IWorkingCalendarSource calendars,
    IDisplayFormatter format,
    IStringLocalizer<TicketsResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        var query = db.Set<ProductRegistration>().VisibleTo(user).AsNoTracking();
        var text = string.IsNullOrWhiteSpace(q) ? null : TextLimits.Shorten(PersianText.Clean(q), 100);
        if (text is not null)
        {
            var upper = text.ToUpperInvariant();
            query = query.Where(r => r.SerialNumber == upper || r.CustomerName.Contains(text) || r.ProductName.Contains(text));
        }

        return View(new RegistrationListModel(text, await query.OrderByDescending(r => r.Id).Take(100).ToListAsync(cancellationToken), await TodayAsync(cancellationToken)));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var registration = await db.Set<ProductRegistration>().IgnoreQueryFilters().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (registration is null)
        {
            return NotFound();
        }

        var tickets = await db.Set<Ticket>().VisibleTo(user).AsNoTracking().Where(t => t.RegistrationId == id).OrderByDescending(t => t.Id).Take(100).ToListAsync(cancellationToken);
        var repairs = await db.Set<RepairOrder>().VisibleTo(user).AsNoTracking().Where(r => r.RegistrationId == id).OrderByDescending(r => r.Id).Take(100).ToListAsync(cancellationToken);
        var customerUrl = (await records.FindVisibleAsync(registration.Customer, cancellationToken))?.Url;
        return View(new RegistrationDetailsModel(registration, tickets, repairs, customerUrl, await TodayAsync(cancellationToken)));
    }

    /// <summary>A new registration; with a customer, their purchases are listed, and one picked fills the form from its invoice line.</summary>
    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Create(string? customer, Guid? invoice, Guid? product, CancellationToken cancellationToken)
    {
        var model = new RegistrationEditModel { Input = new RegistrationInput { Customer = customer, ProductId = product, InvoiceId = invoice } };
        await FillAsync(model, cancellationToken);
        if (model.Purchases.FirstOrDefault(p => p.InvoiceId == invoice && p.ProductId == product && product is not null) is { } sale)
        {
            model.Input.PurchaseDate = format.DateInput(sale.IssueDate);
            model.ProductTitle = sale.Description;
        }
        else
        {
            model.Input.InvoiceId = null;
        }

        return View("Edit", model);
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Create(RegistrationEditModel model, CancellationToken cancellationToken)
    {
        model.Input.Id = null;
        return SaveAsync(model, cancellationToken);
    }

    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var r = await db.Set<ProductRegistration>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (r is null)
        {
            return NotFound();
        }

        var model = new RegistrationEditModel
        {
            CustomerTitle = r.CustomerName, ProductTitle = r.ProductName,
            Input = new RegistrationInput
            {
                Id = r.Id, Version = r.Version, ProductId = r.ProductId, SerialNumber = r.SerialNumber, Customer = r.Customer.ToString(), PurchaseDate = format.DateInput(r.PurchaseDate),
                InvoiceId = r.InvoiceId, WarrantyStart = format.DateInput(r.WarrantyStart), WarrantyEnd = format.DateInput(r.WarrantyEnd), FreeServices = r.FreeServices,
                FreeServicesUsed = r.FreeServicesUsed,
            },
        };
        return View(model);
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Edit(Guid id, RegistrationEditModel model, CancellationToken cancellationToken)
    {
        model.Input.Id = id;
        return SaveAsync(model, cancellationToken);
    }

    private Task<IActionResult> SaveAsync(RegistrationEditModel model, CancellationToken cancellationToken) =>
        this.SaveFormAsync(mediator, new SaveRegistration(model.Input), async () =>
        {
            await FillAsync(model, cancellationToken);
            return View("Edit", model);
        }, l, cancellationToken);

    private async Task FillAsync(RegistrationEditModel model, CancellationToken cancellationToken)
    {
        if (RecordRef.TryParse(model.Input.Customer, out var customer) && await records.FindVisibleAsync(customer, cancellationToken) is { } link)
        {
            model.CustomerTitle = link.Title;
            model.Purchases = [.. (await mediator.Send(new GetCustomerPurchases(customer), cancellationToken)).Where(p => p.ProductId is not null && !p.IsReturn).Take(100)];
        }

        if (model.Input.ProductId is { } productId && model.ProductTitle is null
            && (await mediator.Send(new GetCatalogProducts([productId], null), cancellationToken)).TryGetValue(productId, out var product))
        {
            model.ProductTitle = product.Name;
        }
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<ProductRegistration>().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<ProductRegistration>().IgnoreQueryFilters().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken);

    private async Task<DateOnly> TodayAsync(CancellationToken cancellationToken) => (await calendars.GetAsync(cancellationToken)).LocalDate(clock.UtcNow);
}
